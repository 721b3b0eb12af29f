"""Webhook endpoints and deliveries (OPS), and a user's Web Push subscriptions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from db.actor import Actor
from db.models.outbox import DeliveryStatus, Topic
from db.models.outbox import WebhookDelivery as DeliveryRow
from db.models.outbox import WebhookEndpoint as EndpointRow
from db.models.users import Role
from schema.connection import CountedConnection
from schema.enums import described_enum
from schema.nodes import nodes_via
from schema.rows import FromRow, from_attrs, loader, required
from schema.types.user import User

WebhookTopic = described_enum(
    Topic,
    "WebhookTopic",
    "A kind of event a webhook endpoint receives; the body's `topic` is the value in "
    'lower case with a dot ("approval.requested").',
    {
        "APPROVAL_REQUESTED": "An approval request waits for an approver (submitted, "
        "escalated, or its next step opened).",
        "APPROVAL_DECIDED": "An approval request was approved or rejected.",
        "APPROVAL_COUNTER_OFFERED": "An approver answered with a counter-offer.",
        "APPROVAL_COUNTER_ANSWERED": "The rep accepted or declined a counter-offer.",
        "APPROVAL_RECALLED": "The rep recalled an approval request.",
        "QUOTE_SLIPPED": "A quote's expected close moved to a later quarter.",
        "PERIOD_CLOSE_DUE": "A commission period ends soon (kind UPCOMING) or has ended and "
        "is still open (kind DUE).",
        "CONTEST_RANK_CHANGED": "A participant (a rep, or a team's manager) moved on a running "
        "contest's board (checked every minute).",
    },
)

WebhookDeliveryStatus = described_enum(
    DeliveryStatus,
    "WebhookDeliveryStatus",
    "Where a webhook delivery stands.",
    {
        "PENDING": "Not yet acknowledged: an attempt is running or scheduled (`nextAttemptAt`).",
        "DELIVERED": "The endpoint answered 2xx.",
        "DEAD": "Every attempt failed (or the endpoint was disabled): nothing more is tried "
        "until OPS calls `redeliverWebhookDelivery`.",
    },
)


def back_office(viewer: Actor, row: Any) -> bool:
    """Webhooks are OPS's (ADMIN holds every role)."""
    return viewer.has_any(Role.OPS)


@strawberry.type(
    description="A URL that receives the events of its topics as signed JSON POSTs "
    '(`X-DealDesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, '
    "`X-DealDesk-Event-Id` for de-duplication; see the README). Its secret is shown only by "
    "`createWebhookEndpoint` and `rotateWebhookEndpointSecret`."
)
class WebhookEndpoint(relay.Node):
    id: relay.NodeID[int]
    url: str
    """Where events are POSTed: https://, or http:// to an allowed development host."""
    topics: list[Topic]  # type: ignore[valid-type]
    """The topics it receives."""
    description: str
    """What it is for (empty when not given)."""
    active: bool
    """False: nothing is sent to it (its pending deliveries die on their next attempt)."""
    version: int
    """Send it back with an update or a rotation (concurrent edits are CONFLICTs)."""
    created_at: datetime
    """When it was registered."""
    updated_at: datetime
    """When it last changed."""
    secret_rotated_at: datetime | None
    """When its secret was last rotated; null when never."""
    created_by_id: strawberry.Private[int]

    resolve_nodes = nodes_via("notifications.endpoint_by_id", back_office)

    @classmethod
    def from_row(cls, row: EndpointRow) -> WebhookEndpoint:
        return from_attrs(cls, row, topics=[Topic(t) for t in row.topics])

    created_by = required("user_by_id", "created_by_id", User, description="Who registered it.")


@strawberry.type(description="One event sent to one endpoint: its attempts and how the last went.")
class WebhookDelivery(relay.Node):
    id: relay.NodeID[int]
    status: DeliveryStatus
    """PENDING, DELIVERED or DEAD."""
    attempts: int
    """Attempts made in the current run (a redelivery starts a new run at 0)."""
    next_attempt_at: datetime | None
    """When the next attempt is due; null unless PENDING with a retry scheduled."""
    last_attempt_at: datetime | None
    """When the last attempt ended; null before the first."""
    last_response_code: int | None
    """The HTTP status the endpoint answered last; null when it did not answer."""
    last_error: str | None
    """Why the last attempt failed (status and the start of the body, or the network
    error); null when it succeeded or none was made."""
    delivered_at: datetime | None
    """When the endpoint acknowledged it (2xx)."""
    created_at: datetime
    """When the event was fanned out to this endpoint."""
    endpoint_id: strawberry.Private[int]
    event_row_id: strawberry.Private[int]

    resolve_nodes = nodes_via("notifications.delivery_by_id", back_office)

    @classmethod
    def from_row(cls, row: DeliveryRow) -> WebhookDelivery:
        return from_attrs(cls, row, event_row_id=row.event_id)

    @strawberry.field(
        description='The event\'s id, as sent in `X-DealDesk-Event-Id` and the body ("evt_42").'
    )
    def event_id(self) -> str:
        return f"evt_{self.event_row_id}"

    @strawberry.field(description="The event's topic.")
    async def topic(self, info: strawberry.Info) -> Topic:  # type: ignore[valid-type]
        event = await loader(info, "notifications.event_by_id").load(self.event_row_id)
        return Topic(event.topic)

    @strawberry.field(description="The endpoint it goes to.")
    async def endpoint(self, info: strawberry.Info) -> WebhookEndpoint:
        row = await loader(info, "notifications.endpoint_by_id").load(self.endpoint_id)
        return WebhookEndpoint.from_row(row)


@strawberry.type(description="A page of webhook endpoints.")
class WebhookEndpointConnection(CountedConnection[WebhookEndpoint]):
    pass


@strawberry.type(description="A page of webhook deliveries, newest first.")
class WebhookDeliveryConnection(CountedConnection[WebhookDelivery]):
    pass


@strawberry.type(
    description="A browser's Web Push subscription for the signed-in user "
    "(`PushManager.subscribe` with `webPushPublicKey` as `applicationServerKey`)."
)
class PushSubscription(FromRow):
    endpoint: str
    """The push service URL the browser gave."""
    created_at: datetime
    """When it was registered."""
    last_sent_at: datetime | None
    """When a push last reached the push service; null before the first."""
