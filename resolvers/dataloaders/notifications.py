"""The outbox's dataloaders (webhook endpoints, deliveries, events), built together."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from db.models.outbox import OutboxEvent, WebhookDelivery, WebhookEndpoint
from db.session import RequestDatabase
from resolvers.dataloaders.factories import by_id


@dataclass(frozen=True, slots=True)
class NotificationLoaders:
    endpoint_by_id: DataLoader[int, WebhookEndpoint | None]
    delivery_by_id: DataLoader[int, WebhookDelivery | None]
    event_by_id: DataLoader[int, OutboxEvent | None]

    @classmethod
    def build(cls, db: RequestDatabase) -> NotificationLoaders:
        return cls(
            endpoint_by_id=by_id(db, WebhookEndpoint),
            delivery_by_id=by_id(db, WebhookDelivery),
            event_by_id=by_id(db, OutboxEvent),
        )
