"""The SQL of the outbox: events, their fan-out, webhook deliveries, push subscriptions,
period-close reminders, and deferring a job in the caller's transaction.

``defer_job`` calls procrastinate's own ``procrastinate_defer_jobs_v1`` (the schema of
procrastinate 3.10, pinned and copied into migration 0019) on the caller's session, so a job
exists exactly when the change that asked for it committed: the insert's trigger NOTIFYs the
workers at commit, so they pick the job up at once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, delete, func, insert, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.commissions import CommissionPeriod, CommissionPeriodStatus
from db.models.outbox import (
    ContestRankMark,
    DeliveryStatus,
    OutboxEvent,
    PeriodCloseReminder,
    PushSubscription,
    WebhookDelivery,
    WebhookEndpoint,
)
from db.models.performance_contests import Contest
from db.models.users import Role, User
from db.queries.listing import matching

_DEFER = text(
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, NULL, NULL, "
    "CAST(:args AS jsonb), CAST(:scheduled_at AS timestamptz))"
    "::procrastinate_job_to_defer_v1]))"
)


async def defer_job(
    session: AsyncSession,
    queue: str,
    task: str,
    args: dict[str, Any],
    scheduled_at: datetime | None = None,
) -> int:
    """A procrastinate job ``task(**args)`` on ``queue``, created in this transaction."""
    job_id = await session.scalar(
        _DEFER,
        {"queue": queue, "task": task, "args": json.dumps(args), "scheduled_at": scheduled_at},
    )
    return int(job_id or 0)


async def insert_event(
    session: AsyncSession,
    topic: str,
    payload: dict[str, Any],
    aggregate_type: str,
    aggregate_id: int,
    recipients: Sequence[int],
) -> int:
    """The new event's id; ``occurred_at`` is the transaction's time."""
    event_id = await session.scalar(
        insert(OutboxEvent)
        .values(
            topic=topic,
            payload=payload,
            occurred_at=func.now(),
            aggregate_type=aggregate_type,
            aggregate_id=aggregate_id,
            recipients=sorted(set(recipients)),
        )
        .returning(OutboxEvent.id)
    )
    assert event_id is not None
    return int(event_id)


async def event_to_dispatch(session: AsyncSession, event_id: int) -> OutboxEvent | None:
    """The event, locked, unless another transaction holds it or it was fanned out."""
    stmt = (
        select(OutboxEvent)
        .where(OutboxEvent.id == event_id, OutboxEvent.dispatched_at.is_(None))
        .with_for_update(skip_locked=True)
    )
    return (await session.scalars(stmt)).first()


async def undispatched_event_ids(
    session: AsyncSession, older_than: datetime, limit: int
) -> list[int]:
    stmt = (
        select(OutboxEvent.id)
        .where(OutboxEvent.dispatched_at.is_(None), OutboxEvent.created_at < older_than)
        .order_by(OutboxEvent.id)
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())


async def mark_dispatched(session: AsyncSession, event_id: int, now: datetime) -> None:
    await session.execute(
        update(OutboxEvent).where(OutboxEvent.id == event_id).values(dispatched_at=now)
    )


async def endpoint_ids_for(session: AsyncSession, topic: str) -> list[int]:
    """Active endpoints subscribed to ``topic``."""
    stmt = (
        select(WebhookEndpoint.id)
        .where(WebhookEndpoint.active.is_(True), WebhookEndpoint.topics.any_() == topic)
        .order_by(WebhookEndpoint.id)
    )
    return list((await session.scalars(stmt)).all())


async def insert_deliveries(
    session: AsyncSession, event_id: int, endpoint_ids: Sequence[int]
) -> list[int]:
    """A PENDING delivery per endpoint (none twice: a fan-out run again adds nothing)."""
    if not endpoint_ids:
        return []
    stmt = (
        pg_insert(WebhookDelivery)
        .values(
            [
                {"endpoint_id": e, "event_id": event_id, "status": DeliveryStatus.PENDING}
                for e in endpoint_ids
            ]
        )
        .on_conflict_do_nothing(index_elements=["endpoint_id", "event_id"])
        .returning(WebhookDelivery.id)
    )
    return list((await session.scalars(stmt)).all())


async def delivery_with(
    session: AsyncSession, delivery_id: int
) -> tuple[WebhookDelivery, WebhookEndpoint, OutboxEvent] | None:
    stmt = (
        select(WebhookDelivery, WebhookEndpoint, OutboxEvent)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .join(OutboxEvent, OutboxEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.id == delivery_id)
    )
    row = (await session.execute(stmt)).first()
    return None if row is None else (row[0], row[1], row[2])


async def delivery_for_update(session: AsyncSession, delivery_id: int) -> WebhookDelivery | None:
    stmt = select(WebhookDelivery).where(WebhookDelivery.id == delivery_id).with_for_update()
    return (await session.scalars(stmt)).first()


def deliveries_statement(
    status: DeliveryStatus | None, endpoint_id: int | None
) -> Select[tuple[WebhookDelivery]]:
    return matching(WebhookDelivery, status=status, endpoint_id=endpoint_id)


def endpoints_statement(active: bool | None) -> Select[tuple[WebhookEndpoint]]:
    return matching(WebhookEndpoint, active=active)


async def endpoint_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(WebhookEndpoint)) or 0)


async def endpoint_for_update(session: AsyncSession, endpoint_id: int) -> WebhookEndpoint | None:
    stmt = select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id).with_for_update()
    return (await session.scalars(stmt)).first()


async def events_by_id(session: AsyncSession, ids: Sequence[int]) -> list[OutboxEvent]:
    return list((await session.scalars(select(OutboxEvent).where(OutboxEvent.id.in_(ids)))).all())


async def endpoints_by_id(session: AsyncSession, ids: Sequence[int]) -> list[WebhookEndpoint]:
    stmt = select(WebhookEndpoint).where(WebhookEndpoint.id.in_(ids))
    return list((await session.scalars(stmt)).all())


# Push subscriptions


async def users_with_subscriptions(session: AsyncSession, user_ids: Sequence[int]) -> list[int]:
    stmt = (
        select(PushSubscription.user_id)
        .where(PushSubscription.user_id.in_(user_ids))
        .distinct()
        .order_by(PushSubscription.user_id)
    )
    return list((await session.scalars(stmt)).all())


async def subscriptions_of(session: AsyncSession, user_id: int) -> list[PushSubscription]:
    stmt = (
        select(PushSubscription)
        .where(PushSubscription.user_id == user_id)
        .order_by(PushSubscription.id)
    )
    return list((await session.scalars(stmt)).all())


async def subscription_by_endpoint(session: AsyncSession, endpoint: str) -> PushSubscription | None:
    stmt = select(PushSubscription).where(PushSubscription.endpoint == endpoint).with_for_update()
    return (await session.scalars(stmt)).first()


async def subscription_count(session: AsyncSession, user_id: int) -> int:
    stmt = (
        select(func.count())
        .select_from(PushSubscription)
        .where(PushSubscription.user_id == user_id)
    )
    return int(await session.scalar(stmt) or 0)


async def delete_subscription(session: AsyncSession, subscription_id: int) -> None:
    await session.execute(delete(PushSubscription).where(PushSubscription.id == subscription_id))


async def mark_subscription_used(
    session: AsyncSession, subscription_id: int, now: datetime
) -> None:
    await session.execute(
        update(PushSubscription)
        .where(PushSubscription.id == subscription_id)
        .values(last_sent_at=now)
    )


# Period-close reminders


async def open_periods_ending_by(session: AsyncSession, day: date) -> list[CommissionPeriod]:
    stmt = (
        select(CommissionPeriod)
        .where(
            CommissionPeriod.status == CommissionPeriodStatus.OPEN,
            CommissionPeriod.end_date <= day,
        )
        .order_by(CommissionPeriod.end_date, CommissionPeriod.id)
    )
    return list((await session.scalars(stmt)).all())


async def claim_reminder(session: AsyncSession, period_id: int, kind: str, ends_on: date) -> bool:
    """True when this reminder was not sent before (it is now recorded as sent)."""
    stmt = (
        pg_insert(PeriodCloseReminder)
        .values(period_id=period_id, kind=kind, ends_on=ends_on)
        .on_conflict_do_nothing(index_elements=["period_id", "kind"])
        .returning(PeriodCloseReminder.period_id)
    )
    return (await session.scalar(stmt)) is not None


async def finance_user_ids(session: AsyncSession) -> list[int]:
    stmt = (
        select(User.id)
        .where(
            User.active.is_(True),
            or_(User.roles.any_() == Role.FINANCE, User.roles.any_() == Role.ADMIN),
        )
        .order_by(User.id)
    )
    return list((await session.scalars(stmt)).all())


# Contest rank marks


async def running_contest_ids(session: AsyncSession, now: datetime) -> list[int]:
    """Contests whose window is open at ``now`` and whose board is not closed."""
    stmt = (
        select(Contest.id)
        .where(Contest.starts_at <= now, now < Contest.ends_at, Contest.closed_at.is_(None))
        .order_by(Contest.id)
    )
    return list((await session.scalars(stmt)).all())


async def rank_marks(session: AsyncSession, contest_id: int) -> dict[int, int]:
    """The ranks last seen, locked (two trackers never both announce a move)."""
    stmt = select(ContestRankMark).where(ContestRankMark.contest_id == contest_id).with_for_update()
    return {m.participant_id: m.rank for m in (await session.scalars(stmt)).all()}


async def set_rank_marks(session: AsyncSession, contest_id: int, ranks: dict[int, int]) -> None:
    await session.execute(delete(ContestRankMark).where(ContestRankMark.contest_id == contest_id))
    if ranks:
        rows = [
            {"contest_id": contest_id, "participant_id": p, "rank": r} for p, r in ranks.items()
        ]
        await session.execute(insert(ContestRankMark).values(rows))
