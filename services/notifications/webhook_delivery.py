"""Delivering outbox events: the fan-out, then one signed POST per delivery attempt.

At least once: a delivery is marked DELIVERED only after the receiver answered 2xx, in a
transaction after the POST; a worker that dies between the two leaves the job ``doing``, the
next worker retries it and the event is POSTed again with the same ``X-DealDesk-Event-Id``,
which the receiver uses to drop the duplicate.

Signature (Stripe's scheme): ``X-DealDesk-Signature: t=<unix seconds>,v1=<hex>`` where hex is
HMAC-SHA256 keyed with the endpoint's secret over ``"<t>.<raw body>"``. A receiver recomputes
it over the bytes it got, compares in constant time, and refuses a ``t`` older than a few
minutes (a replay).

Retries: a failed attempt (no answer within the timeout, or a status other than 2xx,
redirects included) is tried again after ``base * 2 ** (attempt - 1)`` seconds, jittered in
the upper half and capped; after ``webhook_max_attempts`` the delivery is DEAD, listed for
OPS (``webhookDeliveries(status: DEAD)``) and sent again by ``redeliverWebhookDelivery``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.outbox import DeliveryStatus, OutboxEvent, WebhookDelivery
from db.queries import outbox as sql
from services.notifications.config import NotificationConfig
from services.notifications.outbox import (
    DELIVER_PUSH_TASK,
    DELIVER_WEBHOOK_TASK,
    DELIVERY_QUEUE,
)

SIGNATURE_HEADER = "X-DealDesk-Signature"
EVENT_ID_HEADER = "X-DealDesk-Event-Id"
MAX_ERROR = 1000
ENDPOINT_DISABLED = "The endpoint is disabled."


@dataclass(frozen=True, slots=True)
class Dispatched:
    deliveries: list[int] = field(default_factory=list)
    push_users: list[int] = field(default_factory=list)


async def dispatch_event(
    session: AsyncSession, event_id: int, now: datetime, push_enabled: bool
) -> Dispatched | None:
    """Fan the event out: a delivery (and its job) per active endpoint of its topic, a push
    job per recipient who has a push subscription. None when it was already fanned out (or
    another transaction is doing it)."""
    event = await sql.event_to_dispatch(session, event_id)
    if event is None:
        return None
    endpoints = await sql.endpoint_ids_for(session, event.topic)
    deliveries = await sql.insert_deliveries(session, event.id, endpoints)
    for delivery_id in deliveries:
        await sql.defer_job(
            session, DELIVERY_QUEUE, DELIVER_WEBHOOK_TASK, {"delivery_id": delivery_id}
        )
    users: list[int] = []
    if push_enabled and event.recipients:
        users = await sql.users_with_subscriptions(session, event.recipients)
        for user_id in users:
            args = {"event_id": event.id, "user_id": user_id}
            await sql.defer_job(session, DELIVERY_QUEUE, DELIVER_PUSH_TASK, args)
    await sql.mark_dispatched(session, event.id, now)
    return Dispatched(deliveries, users)


def event_body(event: OutboxEvent) -> bytes:
    """What a receiver gets: the event's id, topic, time and data, as compact JSON."""
    document = {
        "id": event_key(event.id),
        "topic": event.topic,
        "occurredAt": event.occurred_at.isoformat(),
        "data": event.payload,
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True).encode()


def event_key(event_id: int) -> str:
    return f"evt_{event_id}"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-DealDesk-Signature`` header's value."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify_signature(secret: str, header: str, body: bytes, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (shown here, used by the tests): recompute, compare in constant
    time, refuse an old timestamp."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return hmac.compare_digest(expected, f"t={timestamp},v1={parts.get('v1', '')}")


@dataclass(frozen=True, slots=True)
class Attempt:
    """One POST to make, read in a short transaction before it is made."""

    delivery_id: int
    url: str
    body: bytes
    headers: dict[str, str]
    number: int


@dataclass(frozen=True, slots=True)
class AttemptResult:
    status_code: int | None
    error: str | None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


async def prepare_attempt(
    session: AsyncSession, delivery_id: int, now: datetime
) -> Attempt | AttemptResult | None:
    """The POST to make; None when there is nothing to do (delivered, dead, deleted); an
    ``AttemptResult`` (failed) when its endpoint was disabled."""
    found = await sql.delivery_with(session, delivery_id)
    if found is None:
        return None
    delivery, endpoint, event = found
    if delivery.status is not DeliveryStatus.PENDING:
        return None
    if not endpoint.active:
        return AttemptResult(None, ENDPOINT_DISABLED)
    body = event_body(event)
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "DealDesk-Webhooks/1",
        EVENT_ID_HEADER: event_key(event.id),
        "X-DealDesk-Event-Topic": event.topic,
        "X-DealDesk-Delivery-Id": str(delivery.id),
        "X-DealDesk-Attempt": str(delivery.attempts + 1),
        SIGNATURE_HEADER: signature(endpoint.secret, timestamp, body),
    }
    return Attempt(delivery.id, endpoint.url, body, headers, delivery.attempts + 1)


async def post(client: httpx.AsyncClient, attempt: Attempt, timeout: float) -> AttemptResult:
    """Make the POST; never raises for what the receiver or the network did."""
    try:
        response = await client.post(
            attempt.url,
            content=attempt.body,
            headers=attempt.headers,
            timeout=timeout,
            follow_redirects=False,
        )
    except httpx.TimeoutException:
        return AttemptResult(None, f"No answer within {timeout:g} s.")
    except httpx.HTTPError as exc:
        return AttemptResult(None, f"{type(exc).__name__}: {exc}"[:MAX_ERROR])
    if 200 <= response.status_code < 300:
        return AttemptResult(response.status_code, None)
    snippet = response.text[:200].replace("\n", " ")
    return AttemptResult(
        response.status_code, f"HTTP {response.status_code} {snippet}".strip()[:MAX_ERROR]
    )


def backoff(
    attempts: int, config: NotificationConfig, rng: Callable[[float, float], float]
) -> float:
    """Seconds before the next attempt after ``attempts`` failed ones (upper-half jitter)."""
    ceiling = min(
        config.webhook_backoff_max_seconds,
        config.webhook_backoff_base_seconds * 2 ** max(0, attempts - 1),
    )
    return rng(ceiling / 2, ceiling)


async def record_attempt(
    session: AsyncSession,
    delivery_id: int,
    result: AttemptResult,
    now: datetime,
    config: NotificationConfig,
    rng: Callable[[float, float], float] = random.uniform,
) -> WebhookDelivery | None:
    """Record how the attempt went: DELIVERED, a retry scheduled, or DEAD."""
    delivery = await sql.delivery_for_update(session, delivery_id)
    if delivery is None or delivery.status is not DeliveryStatus.PENDING:
        return delivery
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_response_code = result.status_code
    delivery.last_error = result.error
    if result.delivered:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= config.webhook_max_attempts or result.error == ENDPOINT_DISABLED:
        delivery.status = DeliveryStatus.DEAD
        delivery.next_attempt_at = None
    else:
        wait = backoff(delivery.attempts, config, rng)
        delivery.next_attempt_at = now + timedelta(seconds=wait)
        await sql.defer_job(
            session,
            DELIVERY_QUEUE,
            DELIVER_WEBHOOK_TASK,
            {"delivery_id": delivery.id},
            scheduled_at=delivery.next_attempt_at,
        )
    await session.flush()
    return delivery
