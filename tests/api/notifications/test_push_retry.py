"""A push job that failed for one of a user's subscriptions is retried for that one only:
each subscription an event reached is recorded (``push_deliveries``)."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from server.jobs.notifications import deliver_push
from server.jobs.runtime import JobRuntime
from services.notifications.push import PushMessage, PushOutcome, PushSenders, PushTarget
from tests.api.approvals.conftest import Flow

USER = text("SELECT id FROM users WHERE email = 'east.manager@dealdesk.example'")
EVENT = text(
    "INSERT INTO outbox_events (topic, payload, occurred_at, aggregate_type, aggregate_id, "
    "recipients, dispatched_at) VALUES ('approval.requested', '{}', now(), 'ApprovalRequest', "
    "1, ARRAY[CAST(:user AS int)], now()) RETURNING id"
)
SUBSCRIPTION = text(
    "INSERT INTO push_subscriptions (user_id, kind, endpoint, p256dh, auth) "
    "VALUES (:user, 'fake', :endpoint, 'k', 'a') RETURNING id"
)


@dataclasses.dataclass
class FlakySender:
    """Fails the first send to each endpoint named in ``fail_once``, sends the rest."""

    fail_once: set[str]
    kind: str = "fake"
    sent: list[str] = dataclasses.field(default_factory=list)

    async def send(self, target: PushTarget, message: PushMessage) -> PushOutcome:
        self.sent.append(target.endpoint)
        if target.endpoint in self.fail_once:
            self.fail_once.discard(target.endpoint)
            return PushOutcome.FAILED
        return PushOutcome.SENT


async def test_a_retry_sends_only_to_the_subscriptions_that_failed(
    flow: Flow, runtime: JobRuntime
) -> None:
    async with runtime.sessions.begin() as session:
        user = await session.scalar(USER)
        event = int(await session.scalar(EVENT, {"user": user}) or 0)
        for name in ("phone", "laptop", "tablet"):
            await session.scalar(SUBSCRIPTION, {"user": user, "endpoint": f"https://p/{name}"})
    sender = FlakySender(fail_once={"https://p/laptop"})
    flaky = dataclasses.replace(runtime, push=PushSenders([sender]))
    context = SimpleNamespace(additional_context=flaky.as_context())

    with pytest.raises(RuntimeError, match="1 push deliveries"):
        await deliver_push(context, event, int(user))  # type: ignore[arg-type]
    first = sorted(sender.sent)
    sender.sent.clear()
    retried = await deliver_push(context, event, int(user))  # type: ignore[arg-type]
    second = list(sender.sent)
    sender.sent.clear()
    once_more = await deliver_push(context, event, int(user))  # type: ignore[arg-type]

    assert first == ["https://p/laptop", "https://p/phone", "https://p/tablet"]
    assert (retried, second) == (1, ["https://p/laptop"])
    assert (once_more, sender.sent) == (0, [])
    async with runtime.sessions() as session:
        recorded = await session.scalar(
            text("SELECT count(*) FROM push_deliveries WHERE event_id = :e"), {"e": event}
        )
    assert recorded == 3
