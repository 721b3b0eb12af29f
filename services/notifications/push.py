"""Push notifications: subscriptions, the ``PushSender`` hook, and sending an event's push.

A subscription has a ``kind`` naming the sender that delivers to it. Web Push (``"web"``,
browsers, VAPID, ``pywebpush``) is built in. The mobile services plug in the same way: write
a class with ``kind = "fcm"`` (or ``"apns"``) and ``async def send(target, message) ->
PushOutcome`` that calls Firebase Cloud Messaging (or APNs) with ``target.endpoint`` as the
device token, and hand it to the worker's ``PushSenders`` (``server.jobs.runtime``). A sender
answers GONE when the service says the token or subscription no longer exists (Web Push: 404
or 410; FCM: ``UNREGISTERED``; APNs: 410), and the subscription is deleted.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import enum
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.outbox import OutboxEvent, PushSubscription, Topic
from db.queries import outbox as sql
from db.queries import outbox_upkeep as upkeep
from services.notifications.config import NotificationConfig
from services.notifications.urls import checked_url
from services.refusal import Code, refuse

log = logging.getLogger(__name__)

WEB = "web"
MAX_PAYLOAD_BYTES = 3000
"""Web Push services accept about 4 KB after encryption."""


class PushOutcome(enum.Enum):
    SENT = "SENT"
    GONE = "GONE"
    """The subscription no longer exists at the push service: delete it."""
    FAILED = "FAILED"
    """Try again later."""


@dataclass(frozen=True, slots=True)
class PushTarget:
    endpoint: str
    """Web Push: the push service URL; a mobile sender: the device token."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Web Push: ``p256dh`` and ``auth``."""


@dataclass(frozen=True, slots=True)
class PushMessage:
    title: str
    body: str
    topic: str
    event_id: str
    data: Mapping[str, Any]

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "title": self.title,
                "body": self.body,
                "topic": self.topic,
                "id": self.event_id,
                "data": self.data,
            },
            separators=(",", ":"),
        ).encode()


class PushSender(Protocol):
    """Delivers a message to one subscription of its ``kind``."""

    kind: str

    async def send(self, target: PushTarget, message: PushMessage) -> PushOutcome: ...


class PushSenders:
    """The senders by kind; a subscription of a kind nobody sends is skipped (logged)."""

    def __init__(self, senders: Iterable[PushSender] = ()) -> None:
        self._senders = {s.kind: s for s in senders}

    def register(self, sender: PushSender) -> None:
        self._senders[sender.kind] = sender

    def get(self, kind: str) -> PushSender | None:
        return self._senders.get(kind)

    def __bool__(self) -> bool:
        return bool(self._senders)


class WebPushSender:
    """Web Push with VAPID through ``pywebpush`` (synchronous: run in a thread)."""

    kind = WEB

    def __init__(self, private_key: str, subject: str, timeout: float) -> None:
        self._private_key = private_key
        self._subject = subject
        self._timeout = timeout

    async def send(self, target: PushTarget, message: PushMessage) -> PushOutcome:
        return await asyncio.to_thread(self._send, target, message)

    def _send(self, target: PushTarget, message: PushMessage) -> PushOutcome:
        from pywebpush import WebPushException, webpush

        try:
            webpush(
                subscription_info={"endpoint": target.endpoint, "keys": dict(target.keys)},
                data=message.as_json(),
                vapid_private_key=self._private_key,
                vapid_claims={"sub": self._subject},
                timeout=self._timeout,
                ttl=24 * 3600,
            )
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in (404, 410):
                return PushOutcome.GONE
            log.warning("web push failed: %s", str(exc).splitlines()[0])
            return PushOutcome.FAILED
        except Exception as exc:  # the network: try again later
            log.warning("web push failed: %s", type(exc).__name__)
            return PushOutcome.FAILED
        return PushOutcome.SENT


def senders_for(config: NotificationConfig) -> PushSenders:
    """The built-in senders this configuration allows (Web Push when VAPID keys are set)."""
    senders = PushSenders()
    if config.vapid_private_key:
        senders.register(
            WebPushSender(
                config.vapid_private_key, config.vapid_subject, config.push_timeout_seconds
            )
        )
    return senders


# Subscriptions


def _key(value: str, length: int, field: Sequence[str]) -> str:
    text = value.strip()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise refuse(Code.INVALID, "Not base64url.", field) from None
    if len(text) > 200 or len(raw) != length:
        raise refuse(Code.INVALID, f"Expected {length} bytes, base64url.", field)
    return text


async def register_push_subscription(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    config: NotificationConfig,
    endpoint: str,
    p256dh: str,
    auth: str,
) -> PushSubscription:
    """The browser's subscription for the signed-in user (the same endpoint again updates
    it; a browser another user signed in on before becomes this user's)."""
    if not config.vapid_public_key:
        raise refuse(
            Code.INVALID_STATE, "Web Push is not configured on this server (no VAPID keys).", ()
        )
    url = checked_url(endpoint, ("input", "endpoint"), config.http_hosts)
    public = _key(p256dh, 65, ("input", "keys", "p256dh"))
    if not base64.urlsafe_b64decode(public + "=" * (-len(public) % 4)).startswith(b"\x04"):
        raise refuse(Code.INVALID, "Not an uncompressed P-256 point.", ("input", "keys", "p256dh"))
    secret = _key(auth, 16, ("input", "keys", "auth"))
    existing = await sql.subscription_by_endpoint(session, url)
    if existing is None:
        if await sql.subscription_count(session, actor.user_id) >= config.max_push_subscriptions:
            raise refuse(
                Code.LIMIT_REACHED,
                f"At most {config.max_push_subscriptions} push subscriptions per user.",
                ("input",),
            )
        existing = PushSubscription(user_id=actor.user_id, endpoint=url, p256dh=public, auth=secret)
        session.add(existing)
    else:
        existing.user_id, existing.p256dh, existing.auth = actor.user_id, public, secret
    await session.flush()
    return existing


async def unregister_push_subscription(
    session: AsyncSession, actor: Actor, now: datetime, endpoint: str
) -> bool:
    """True when the signed-in user's subscription at ``endpoint`` was removed."""
    existing = await sql.subscription_by_endpoint(session, endpoint.strip()[:2000])
    if existing is None or existing.user_id != actor.user_id:
        return False
    await sql.delete_subscription(session, existing.id)
    return True


# Sending


_TITLES: dict[str, tuple[str, str]] = {
    Topic.APPROVAL_REQUESTED: ("Approval requested", "A quote waits for your approval."),
    Topic.APPROVAL_DECIDED: ("Approval decided", "Your quote's approval request was decided."),
    Topic.APPROVAL_COUNTER_OFFERED: ("Counter-offer", "An approver made a counter-offer."),
    Topic.APPROVAL_COUNTER_ANSWERED: ("Counter-offer answered", "The rep answered."),
    Topic.APPROVAL_RECALLED: ("Approval recalled", "The rep recalled the request."),
    Topic.QUOTE_SLIPPED: ("Deal slipped", "A deal's close moved to a later quarter."),
    Topic.PERIOD_CLOSE_DUE: ("Period close", "A commission period is due to close."),
    Topic.CONTEST_RANK_CHANGED: ("Contest standings", "Your rank in a contest changed."),
}


def message_for(event: OutboxEvent) -> PushMessage:
    title, body = _TITLES.get(event.topic, ("DealDesk", event.topic))
    message = PushMessage(title, body, event.topic, f"evt_{event.id}", event.payload)
    if len(message.as_json()) > MAX_PAYLOAD_BYTES:  # the app reads the rest through the API
        message = PushMessage(title, body, event.topic, f"evt_{event.id}", {})
    return message


@dataclass(frozen=True, slots=True)
class PushJob:
    message: PushMessage
    targets: list[tuple[int, str, PushTarget]]
    """(subscription id, kind, target)."""


async def push_job(session: AsyncSession, event_id: int, user_id: int) -> PushJob | None:
    """The event's push to the user's subscriptions it has not reached yet (a retry after a
    partial failure sends only to those that failed, or were added since)."""
    event = await session.get(OutboxEvent, event_id)
    if event is None or user_id not in event.recipients:
        return None
    subscriptions = await sql.subscriptions_of(session, user_id)
    reached = await upkeep.pushed_subscription_ids(session, event_id)
    targets = [
        (s.id, s.kind, PushTarget(s.endpoint, {"p256dh": s.p256dh, "auth": s.auth}))
        for s in subscriptions
        if s.id not in reached
    ]
    return PushJob(message_for(event), targets)


async def send_push(job: PushJob, senders: PushSenders) -> dict[int, PushOutcome]:
    """Each subscription's outcome (subscriptions of a kind nobody sends are left out)."""
    outcomes: dict[int, PushOutcome] = {}
    for subscription_id, kind, target in job.targets:
        sender = senders.get(kind)
        if sender is None:
            log.warning("no push sender for subscriptions of kind %r", kind)
            continue
        outcomes[subscription_id] = await sender.send(target, job.message)
    return outcomes


async def record_push(
    session: AsyncSession, event_id: int, outcomes: Mapping[int, PushOutcome], now: datetime
) -> int:
    """Delete the subscriptions that are gone, note the ones sent (and that this event reached
    them); how many failed."""
    sent = [pk for pk, outcome in outcomes.items() if outcome is PushOutcome.SENT]
    await upkeep.record_pushed(session, event_id, sent, now)
    failed = 0
    for subscription_id, outcome in outcomes.items():
        if outcome is PushOutcome.GONE:
            await sql.delete_subscription(session, subscription_id)
        elif outcome is PushOutcome.SENT:
            await sql.mark_subscription_used(session, subscription_id, now)
        else:
            failed += 1
    return failed
