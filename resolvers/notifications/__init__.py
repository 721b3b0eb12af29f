"""Webhooks (OPS) and push subscriptions (anyone signed in)."""

from resolvers.notifications.mutations import NotificationMutations
from resolvers.notifications.queries import NotificationQueries

__all__ = ["NotificationMutations", "NotificationQueries"]
