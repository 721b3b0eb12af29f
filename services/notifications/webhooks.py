"""OPS's webhook endpoints: create (the secret shown once), update, rotate the secret,
delete; and sending a delivery again.

An endpoint receives the outbox events of its ``topics`` as signed POSTs
(``webhook_delivery``). Its secret is generated here, never chosen by the caller, and only
the create and rotate payloads carry it.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.outbox import DeliveryStatus, Topic, WebhookDelivery, WebhookEndpoint
from db.queries import outbox as sql
from services.notifications.config import NotificationConfig
from services.notifications.outbox import DELIVER_WEBHOOK_TASK, DELIVERY_QUEUE, TOPICS
from services.notifications.urls import check_public_destination, checked_url
from services.refusal import Code, refuse
from services.rows import check_version, get_or_refuse
from services.validation import optional_text

MAX_DESCRIPTION = 500
MAX_TOPICS = len(Topic)
SECRET_PREFIX = "whsec_"


@dataclass(frozen=True, slots=True)
class NewWebhookEndpoint:
    url: str
    topics: list[str]
    description: str | None = None


@dataclass(frozen=True, slots=True)
class WebhookEndpointChanges:
    url: str | None = None
    topics: list[str] | None = None
    description: str | None = None
    active: bool | None = None


@dataclass(frozen=True, slots=True)
class EndpointWithSecret:
    """An endpoint and its signing secret: only a create or a rotation returns this."""

    endpoint: WebhookEndpoint
    secret: str

    @property
    def id(self) -> int:
        return self.endpoint.id


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def checked_topics(topics: Sequence[str], field: Sequence[str]) -> list[str]:
    if not topics:
        raise refuse(Code.REQUIRED, "Name at least one topic.", field)
    if len(topics) > MAX_TOPICS:
        raise refuse(Code.INVALID, f"At most {MAX_TOPICS} topics.", field)
    unknown = [t for t in topics if t not in TOPICS]
    if unknown:
        known = ", ".join(Topic)
        raise refuse(Code.INVALID, f"Unknown topic {unknown[0][:60]!r}; known: {known}.", field)
    return sorted(set(topics))


async def create_webhook_endpoint(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    config: NotificationConfig,
    new: NewWebhookEndpoint,
) -> EndpointWithSecret:
    url = checked_url(new.url, ("input", "url"), config.http_hosts)
    await check_public_destination(url, ("input", "url"), config.allow_private_addresses)
    topics = checked_topics(new.topics, ("input", "topics"))
    description = optional_text(
        new.description, ("input", "description"), max_length=MAX_DESCRIPTION
    )
    if await sql.endpoint_count(session) >= config.max_endpoints:
        raise refuse(
            Code.LIMIT_REACHED,
            f"At most {config.max_endpoints} webhook endpoints; delete one first.",
            ("input",),
        )
    secret = new_secret()
    endpoint = WebhookEndpoint(
        url=url,
        topics=topics,
        description=description or "",
        secret=secret,
        active=True,
        created_by_id=actor.user_id,
    )
    session.add(endpoint)
    await session.flush()
    return EndpointWithSecret(endpoint, secret)


async def update_webhook_endpoint(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    config: NotificationConfig,
    endpoint_id: int,
    version: int,
    changes: WebhookEndpointChanges,
) -> WebhookEndpoint:
    """Change the URL, topics, description or whether it is active (a disabled endpoint is
    sent nothing; its pending deliveries die on their next attempt)."""
    endpoint = await get_or_refuse(session, WebhookEndpoint, endpoint_id, lock=True)
    check_version(endpoint, version)
    if changes.url is not None:
        url = checked_url(changes.url, ("input", "url"), config.http_hosts)
        await check_public_destination(url, ("input", "url"), config.allow_private_addresses)
        endpoint.url = url
    if changes.topics is not None:
        endpoint.topics = checked_topics(changes.topics, ("input", "topics"))
    if changes.description is not None:
        text = optional_text(
            changes.description, ("input", "description"), max_length=MAX_DESCRIPTION
        )
        endpoint.description = text or ""
    if changes.active is not None:
        endpoint.active = changes.active
    await session.flush()
    return endpoint


async def rotate_webhook_endpoint_secret(
    session: AsyncSession, actor: Actor, now: datetime, endpoint_id: int, version: int
) -> EndpointWithSecret:
    """A new secret signs every delivery from now on, retries included; the old one stops."""
    endpoint = await get_or_refuse(session, WebhookEndpoint, endpoint_id, lock=True)
    check_version(endpoint, version)
    endpoint.secret = new_secret()
    endpoint.secret_rotated_at = now
    await session.flush()
    return EndpointWithSecret(endpoint, endpoint.secret)


async def delete_webhook_endpoint(
    session: AsyncSession, actor: Actor, now: datetime, endpoint_id: int
) -> WebhookEndpoint:
    """Delete it and its deliveries; the endpoint as it was."""
    endpoint = await get_or_refuse(session, WebhookEndpoint, endpoint_id, lock=True)
    await session.delete(endpoint)
    await session.flush()
    return endpoint


async def redeliver_webhook_delivery(
    session: AsyncSession, actor: Actor, now: datetime, delivery_id: int
) -> WebhookDelivery:
    """Send a DEAD (or DELIVERED) delivery again, with a fresh run of attempts; the event id
    stays the same, so a receiver that kept it sees a duplicate it can drop."""
    delivery = await sql.delivery_for_update(session, delivery_id)
    if delivery is None:
        raise refuse(Code.NOT_FOUND, "No WebhookDelivery with this id.", ("input", "id"))
    if delivery.status is DeliveryStatus.PENDING:
        raise refuse(Code.INVALID_STATE, "This delivery is still being attempted.", ("input", "id"))
    endpoint = await session.get(WebhookEndpoint, delivery.endpoint_id)
    if endpoint is None or not endpoint.active:
        raise refuse(Code.INACTIVE, "Its endpoint is disabled; enable it first.", ("input", "id"))
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = now
    delivery.delivered_at = None
    await session.flush()
    await sql.defer_job(session, DELIVERY_QUEUE, DELIVER_WEBHOOK_TASK, {"delivery_id": delivery.id})
    return delivery
