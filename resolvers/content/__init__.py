"""Enablement content: OPS's edits and the reps' search."""

from resolvers.content.mutations import ContentMutations
from resolvers.content.queries import ContentQueries

__all__ = ["ContentMutations", "ContentQueries"]
