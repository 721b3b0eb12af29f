"""The scheduled pruning of the outbox: delivered events older than the retention go (with
their deliveries and push records); pending, dead, recent and not yet fanned-out ones stay."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import text

from server.jobs.notifications import prune_delivered_outbox
from server.jobs.runtime import JobRuntime
from server.settings import Settings
from tests.api.approvals.conftest import Flow
from tests.api.jobs.conftest import FakeClock

EVENT = text(
    "INSERT INTO outbox_events (topic, payload, occurred_at, aggregate_type, aggregate_id, "
    "dispatched_at) VALUES (:topic, '{}', :at, 'Quote', 1, :dispatched) RETURNING id"
)
ENDPOINT = text(
    "INSERT INTO webhook_endpoints (url, topics, secret, created_by_id) "
    "SELECT 'https://erp.example.com/hook', ARRAY['quote.slipped'], 'whsec_x', min(id) FROM users "
    "RETURNING id"
)
DELIVERY = text(
    "INSERT INTO webhook_deliveries (endpoint_id, event_id, status) "
    "VALUES (:endpoint, :event, CAST(:status AS webhook_delivery_status))"
)
PUSHED = text(
    "INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) "
    "SELECT min(id), 'https://push.example.com/x', 'k', 'a' FROM users RETURNING id"
)


async def test_delivered_events_older_than_the_retention_are_pruned_and_nothing_else(
    flow: Flow, runtime: JobRuntime, clock: FakeClock, settings: Settings
) -> None:
    now = clock()
    old, recent = now - timedelta(days=settings.outbox_retention_days + 1), now - timedelta(days=1)
    plan = {
        "delivered": (old, ["DELIVERED", "DELIVERED"]),
        "no receivers": (old, []),
        "dead": (old, ["DELIVERED", "DEAD"]),
        "pending": (old, ["PENDING"]),
        "recent": (recent, ["DELIVERED"]),
        "not fanned out": (None, []),
    }
    ids: dict[str, int] = {}
    async with runtime.sessions.begin() as session:
        endpoints = [await session.scalar(ENDPOINT) for _ in range(2)]
        subscription = await session.scalar(PUSHED)
        for name, (dispatched, statuses) in plan.items():
            event = await session.scalar(
                EVENT, {"topic": "quote.slipped", "at": old, "dispatched": dispatched}
            )
            ids[name] = int(event or 0)
            for endpoint, status in zip(endpoints, statuses, strict=False):
                await session.execute(
                    DELIVERY, {"endpoint": endpoint, "event": event, "status": status}
                )
        await session.execute(
            text("INSERT INTO push_deliveries VALUES (:e, :s, now())"),
            {"e": ids["delivered"], "s": subscription},
        )

    context = SimpleNamespace(additional_context=runtime.as_context())
    first = await prune_delivered_outbox(context, 0)  # type: ignore[arg-type]
    again = await prune_delivered_outbox(context, 0)  # type: ignore[arg-type]

    async with runtime.sessions() as session:
        left = set((await session.scalars(text("SELECT id FROM outbox_events"))).all())
        orphans = await session.scalar(
            text(
                "SELECT (SELECT count(*) FROM webhook_deliveries WHERE event_id = :e) "
                "+ (SELECT count(*) FROM push_deliveries WHERE event_id = :e)"
            ),
            {"e": ids["delivered"]},
        )
    assert (first, again) == (2, 0)
    assert {name for name, pk in ids.items() if pk in left} == {
        "dead",
        "pending",
        "recent",
        "not fanned out",
    }
    assert orphans == 0


def test_the_prune_schedule_is_a_validated_cron_line(settings: Settings) -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="not a cron line"):
        Settings(**{**settings.model_dump(), "outbox_prune_schedule": "every night"})
    assert settings.model_copy(update={"outbox_retention_days": 7}).outbox_retention_days == 7
