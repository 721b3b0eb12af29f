"""Appending an event to the outbox, in the transaction that made the change.

The event exists exactly when its change committed (like the NOTIFY beside it), and its
fan-out job is created in the same transaction, so a crash can neither lose an event nor
announce one that was rolled back. Payloads name objects by their GraphQL global IDs, so a
receiver can read them back through the API (``node(id:)``).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.outbox import Topic
from db.queries import outbox as sql

DELIVERY_QUEUE = "deliveries"
"""procrastinate's queue for the fan-out and the deliveries (``server.jobs.delivery``)."""
DISPATCH_TASK = "dispatch_outbox_event"
DELIVER_WEBHOOK_TASK = "deliver_webhook"
DELIVER_PUSH_TASK = "deliver_push"


def global_id(type_name: str, key: int) -> str:
    """The GraphQL global ID of a node (base64 of ``Type:key``, as ``strawberry.relay``)."""
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


TOPICS = frozenset(topic.value for topic in Topic)
"""The topic values an event (or an endpoint's subscription) may name."""


async def append_event(
    session: AsyncSession,
    topic: str,
    aggregate: tuple[str, int],
    payload: Mapping[str, Any],
    recipients: Iterable[int] = (),
) -> int:
    """Append ``topic`` about ``aggregate`` (type name, id); ``recipients`` are the users a
    push goes to. Its fan-out job is deferred in this transaction. The event's id."""
    if topic not in TOPICS:
        raise ValueError(f"unknown outbox topic {topic!r}")
    event_id = await sql.insert_event(
        session, topic, dict(payload), aggregate[0], aggregate[1], list(recipients)
    )
    await sql.defer_job(session, DELIVERY_QUEUE, DISPATCH_TASK, {"event_id": event_id})
    return event_id


_APPROVAL_TOPICS = {
    "PENDING": Topic.APPROVAL_REQUESTED,
    "APPROVED": Topic.APPROVAL_DECIDED,
    "REJECTED": Topic.APPROVAL_DECIDED,
    "COUNTERED": Topic.APPROVAL_COUNTER_OFFERED,
    "COUNTER_ACCEPTED": Topic.APPROVAL_COUNTER_ANSWERED,
    "COUNTER_DECLINED": Topic.APPROVAL_COUNTER_ANSWERED,
    "RECALLED": Topic.APPROVAL_RECALLED,
}


async def approval_event(session: AsyncSession, announced: Mapping[str, Any]) -> int:
    """The outbox event of an approval request's announcement (the keyword data
    ``services.approvals.requests.announce`` NOTIFYs): who it goes to follows the status."""
    status = str(announced["status"])
    topic = _APPROVAL_TOPICS[status]
    approvers = [int(a) for a in announced["approvers"]]
    stand_ins = [int(s) for s in announced.get("stand_ins") or ()]
    owner = int(announced["owner"])
    if topic == Topic.APPROVAL_REQUESTED:
        recipients = [*approvers, *stand_ins]
    elif topic in (Topic.APPROVAL_COUNTER_ANSWERED, Topic.APPROVAL_RECALLED):
        recipients = approvers
    else:
        recipients = [owner]
    payload = {
        "approvalRequest": global_id("ApprovalRequest", int(announced["id"])),
        "quote": global_id("Quote", int(announced["quote_id"])),
        "status": status,
        "rep": global_id("User", owner),
        "approvers": [global_id("User", a) for a in approvers],
    }
    return await append_event(
        session, topic, ("ApprovalRequest", int(announced["id"])), payload, recipients
    )


async def slippage_event(session: AsyncSession, announced: Mapping[str, Any]) -> int:
    """The outbox event of a slippage announcement (``services.performance.slippage``)."""
    managers = [int(m) for m in announced["managers"]]
    payload = {
        "slippageEvent": global_id("SlippageEvent", int(announced["id"])),
        "quote": global_id("Quote", int(announced["quote_id"])),
        "rep": global_id("User", int(announced["rep_id"])),
        "fromPeriod": announced["from_period"],
        "toPeriod": announced["to_period"],
        "managers": [global_id("User", m) for m in managers],
    }
    return await append_event(
        session,
        Topic.QUOTE_SLIPPED,
        ("SlippageEvent", int(announced["id"])),
        payload,
        managers,
    )
