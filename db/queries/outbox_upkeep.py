"""The outbox's upkeep: pruning delivered events, and the record of which push subscriptions
an event already reached (so a retry of its push job sends only to the others)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, exists, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.outbox import DeliveryStatus, OutboxEvent, PushDelivery, WebhookDelivery


async def prune_delivered_events(session: AsyncSession, before: datetime, batch: int) -> int:
    """Delete up to ``batch`` events fanned out before ``before`` whose webhook deliveries were
    all DELIVERED (a PENDING or DEAD one keeps its event: the retry or the dead-letter view
    needs it); their deliveries and push records go with them (ON DELETE CASCADE). How many."""
    unfinished = exists().where(
        WebhookDelivery.event_id == OutboxEvent.id,
        WebhookDelivery.status != DeliveryStatus.DELIVERED,
    )
    doomed = (
        select(OutboxEvent.id)
        .where(
            OutboxEvent.dispatched_at.is_not(None),
            OutboxEvent.dispatched_at < before,
            ~unfinished,
        )
        .order_by(OutboxEvent.dispatched_at)
        .limit(batch)
    )
    result = await session.execute(
        delete(OutboxEvent)
        .where(OutboxEvent.id.in_(doomed.scalar_subquery()))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def pushed_subscription_ids(session: AsyncSession, event_id: int) -> set[int]:
    """The subscriptions ``event_id``'s push already reached."""
    rows = await session.scalars(
        select(PushDelivery.subscription_id).where(PushDelivery.event_id == event_id)
    )
    return set(rows.all())


async def record_pushed(
    session: AsyncSession, event_id: int, subscription_ids: Iterable[int], now: datetime
) -> None:
    """Note that ``event_id``'s push reached ``subscription_ids`` (again: no change)."""
    rows = [
        {"event_id": event_id, "subscription_id": pk, "sent_at": now} for pk in subscription_ids
    ]
    if rows:
        await session.execute(pg_insert(PushDelivery).values(rows).on_conflict_do_nothing())
