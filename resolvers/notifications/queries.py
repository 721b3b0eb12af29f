"""``webhookEndpoints`` and ``webhookDeliveries`` (OPS), ``webPushPublicKey`` and
``myPushSubscriptions`` (anyone signed in)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlalchemy import Select
from strawberry import relay

from db.models.outbox import DeliveryStatus
from db.models.outbox import WebhookDelivery as DeliveryRow
from db.models.outbox import WebhookEndpoint as EndpointRow
from db.models.users import Role
from db.queries import outbox as queries
from resolvers.pagination import Listing, argument_id
from resolvers.reading import read
from schema.permissions import require_viewer, roles, signed_in
from schema.types.notifications import (
    PushSubscription,
    WebhookDelivery,
    WebhookDeliveryConnection,
    WebhookEndpoint,
    WebhookEndpointConnection,
)

ENDPOINTS = Listing((EndpointRow.id,), WebhookEndpointConnection, WebhookEndpoint.from_row)
DELIVERIES = Listing(
    (DeliveryRow.id,), WebhookDeliveryConnection, WebhookDelivery.from_row, descending=True
)


@strawberry.type
class NotificationQueries:
    @ENDPOINTS.field(
        roles(Role.OPS),
        "The registered webhook endpoints, oldest first. Requires the role OPS (ADMIN holds "
        "every role).",
    )
    def webhook_endpoints(
        self,
        info: strawberry.Info,
        active: Annotated[
            bool | None,
            strawberry.argument(description="Only active (true) or disabled (false) ones."),
        ] = None,
    ) -> Select[Any]:
        return queries.endpoints_statement(active)

    @DELIVERIES.field(
        roles(Role.OPS),
        "Webhook deliveries, newest first: `status: DEAD` is the dead letter (every attempt "
        "failed), to fix the receiver and `redeliverWebhookDelivery`. Requires the role OPS "
        "(ADMIN holds every role).",
    )
    def webhook_deliveries(
        self,
        info: strawberry.Info,
        status: Annotated[
            DeliveryStatus | None,
            strawberry.argument(description="Only deliveries in this state."),
        ] = None,
        endpoint_id: Annotated[
            relay.GlobalID | None,
            strawberry.argument(description="Only those to this WebhookEndpoint."),
        ] = None,
    ) -> Select[Any]:
        endpoint = argument_id(endpoint_id, "WebhookEndpoint", "endpointId")
        return queries.deliveries_statement(status, endpoint)

    @strawberry.field(
        extensions=signed_in(),
        description="The server's VAPID public key (base64url): a browser passes it to "
        "`PushManager.subscribe` as `applicationServerKey`, then calls "
        "`registerPushSubscription`. Null when Web Push is not configured. Anyone signed in.",
    )
    def web_push_public_key(self, info: strawberry.Info) -> str | None:
        return info.context.config.notifications.vapid_public_key  # type: ignore[no-any-return]

    @strawberry.field(
        extensions=signed_in(),
        description="Your Web Push subscriptions (your browsers). Anyone signed in.",
    )
    async def my_push_subscriptions(self, info: strawberry.Info) -> list[PushSubscription]:
        viewer = require_viewer(info)
        rows = await read(info, queries.subscriptions_of, viewer.user_id)
        return [PushSubscription.from_row(r) for r in rows]
