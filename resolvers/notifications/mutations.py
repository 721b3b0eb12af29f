"""Webhook endpoints and redelivery (OPS); push subscriptions (anyone signed in)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry import relay

from db.models.outbox import WebhookEndpoint as EndpointRow
from db.models.users import Role
from resolvers.fields import mutation_field
from resolvers.mutation import (
    Arguments,
    EditInput,
    command,
    create_once,
    idempotency_key_field,
    key,
    mutation,
    payload,
    payload_with,
    perform,
    user_errors_field,
    version_field,
)
from schema.errors import UserError
from schema.text_limits import IdempotencyKey, MaxLength
from schema.types.notifications import PushSubscription, Topic, WebhookDelivery, WebhookEndpoint
from services.notifications import push, webhooks
from services.notifications.urls import MAX_URL_LENGTH
from services.notifications.webhooks import EndpointWithSecret

Url = Annotated[str, MaxLength(MAX_URL_LENGTH)]
Description = Annotated[str, MaxLength(webhooks.MAX_DESCRIPTION)]


@strawberry.input(description="A webhook endpoint to register.")
class CreateWebhookEndpointInput:
    url: Url
    """Where to POST: https://, or http:// to an allowed development host; no credentials
    in it."""
    topics: list[Topic]  # type: ignore[valid-type]
    """The topics it receives (at least one)."""
    description: Description | None = None
    """What it is for."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@strawberry.input(description="The endpoint (`id`, the `version` you read) and what to change.")
class UpdateWebhookEndpointInput(EditInput):
    url: Url | None = None
    """A new URL (same rules as when created); null keeps it."""
    topics: list[Topic] | None = None  # type: ignore[valid-type]
    """The new topics (at least one); null keeps them."""
    description: Description | None = None
    """A new description; null keeps it, an empty one clears it."""
    active: bool | None = None
    """False disables it (nothing more is sent), true enables it; null keeps it."""


@strawberry.input(description="The endpoint whose secret to replace, at the version read.")
class RotateWebhookEndpointSecretInput:
    id: relay.GlobalID
    """The global ID of the WebhookEndpoint."""
    version: int = version_field()


@strawberry.input(description="The webhook endpoint to delete, with its deliveries.")
class DeleteWebhookEndpointInput:
    id: relay.GlobalID
    """The global ID of the WebhookEndpoint."""


@strawberry.input(description="The delivery to send again.")
class RedeliverWebhookDeliveryInput:
    id: relay.GlobalID
    """The global ID of a DEAD (or DELIVERED) WebhookDelivery."""


@strawberry.input(
    description="The keys of a Web Push subscription (`PushSubscription.toJSON().keys`)."
)
class PushSubscriptionKeysInput:
    p256dh: Annotated[str, MaxLength(200)]
    """The browser's P-256 public key, base64url (65 bytes)."""
    auth: Annotated[str, MaxLength(100)]
    """The authentication secret, base64url (16 bytes)."""


@strawberry.input(description="A browser's Web Push subscription (`PushSubscription.toJSON()`).")
class RegisterPushSubscriptionInput:
    endpoint: Url
    """The push service URL the browser gave."""
    keys: PushSubscriptionKeysInput
    """Its encryption keys."""


@strawberry.input(description="The subscription to remove (the browser unsubscribed).")
class UnregisterPushSubscriptionInput:
    endpoint: Url
    """The push service URL it was registered with."""


@payload("createWebhookEndpoint` or `rotateWebhookEndpointSecret", "the endpoint and its secret")
class WebhookEndpointSecretPayload:
    webhook_endpoint: WebhookEndpoint | None = None
    """The endpoint; null when refused."""
    secret: str | None = None
    """The signing secret ("whsec_…"): shown here only, keep it in the receiver's vault.
    Null when refused."""
    user_errors: list[UserError] = user_errors_field()


@payload("unregisterPushSubscription", "whether a subscription was removed")
class UnregisterPushSubscriptionPayload:
    removed: bool = False
    """True when one of your subscriptions had this endpoint and is now gone."""
    user_errors: list[UserError] = user_errors_field()


def _topics(topics: list[Any] | None) -> list[str] | None:
    return None if topics is None else [t.value for t in topics]


def _with_secret(value: EndpointWithSecret | EndpointRow) -> dict[str, Any]:
    # An idempotent retry gets the first row back: its secret (the same caller asked).
    row = value.endpoint if isinstance(value, EndpointWithSecret) else value
    return {"webhook_endpoint": WebhookEndpoint.from_row(row), "secret": row.secret}


async def create_webhook_endpoint(
    info: strawberry.Info, input: CreateWebhookEndpointInput
) -> WebhookEndpointSecretPayload:
    new = webhooks.NewWebhookEndpoint(input.url, _topics(input.topics) or [], input.description)
    outcome = await perform(
        info,
        webhooks.create_webhook_endpoint,
        info.context.config.notifications,
        new,
        idempotent=create_once("createWebhookEndpoint", input, EndpointRow),
    )
    return await payload_with(WebhookEndpointSecretPayload, outcome, _with_secret)


async def rotate_webhook_endpoint_secret(
    info: strawberry.Info, input: RotateWebhookEndpointSecretInput
) -> WebhookEndpointSecretPayload:
    outcome = await perform(
        info,
        webhooks.rotate_webhook_endpoint_secret,
        key(input.id, "WebhookEndpoint"),
        input.version,
    )
    return await payload_with(WebhookEndpointSecretPayload, outcome, _with_secret)


@mutation(webhooks.update_webhook_endpoint, WebhookEndpoint)
def update_webhook_endpoint(input: UpdateWebhookEndpointInput, info: strawberry.Info) -> Arguments:
    return (
        info.context.config.notifications,
        key(input.id, "WebhookEndpoint"),
        input.version,
        command(webhooks.WebhookEndpointChanges, input, topics=_topics(input.topics)),
    )


@mutation(webhooks.delete_webhook_endpoint, WebhookEndpoint)
def delete_webhook_endpoint(input: DeleteWebhookEndpointInput) -> Arguments:
    return (key(input.id, "WebhookEndpoint"),)


@mutation(webhooks.redeliver_webhook_delivery, WebhookDelivery)
def redeliver_webhook_delivery(input: RedeliverWebhookDeliveryInput) -> Arguments:
    return (key(input.id, "WebhookDelivery"),)


@mutation(push.register_push_subscription, PushSubscription)
def register_push_subscription(
    input: RegisterPushSubscriptionInput, info: strawberry.Info
) -> Arguments:
    return (info.context.config.notifications, input.endpoint, input.keys.p256dh, input.keys.auth)


async def unregister_push_subscription(
    info: strawberry.Info, input: UnregisterPushSubscriptionInput
) -> UnregisterPushSubscriptionPayload:
    outcome = await perform(info, push.unregister_push_subscription, input.endpoint)
    return await payload_with(
        UnregisterPushSubscriptionPayload, outcome, lambda removed: {"removed": removed}
    )


@strawberry.type
class NotificationMutations:
    create_webhook_endpoint = mutation_field(
        create_webhook_endpoint,
        "Register a webhook endpoint for some topics; the payload shows its signing secret, "
        "this once. Errors: INVALID (URL scheme, host, credentials, length; topics), "
        "REQUIRED, LIMIT_REACHED.",
        Role.OPS,
    )
    update_webhook_endpoint = mutation_field(
        update_webhook_endpoint,
        "Change an endpoint's URL, topics or description, or disable / enable it. Errors: "
        "CONFLICT (stale version), INVALID, NOT_FOUND.",
        Role.OPS,
    )
    rotate_webhook_endpoint_secret = mutation_field(
        rotate_webhook_endpoint_secret,
        "Replace an endpoint's signing secret; every delivery from now on (retries too) is "
        "signed with the new one, shown in the payload this once. Errors: CONFLICT, NOT_FOUND.",
        Role.OPS,
    )
    delete_webhook_endpoint = mutation_field(
        delete_webhook_endpoint,
        "Delete an endpoint and its deliveries; the payload holds it as it was. Errors: NOT_FOUND.",
        Role.OPS,
    )
    redeliver_webhook_delivery = mutation_field(
        redeliver_webhook_delivery,
        "Send a DEAD (or DELIVERED) delivery again with a fresh run of attempts, same event "
        "id. Errors: NOT_FOUND, INVALID_STATE (still PENDING), INACTIVE (endpoint disabled).",
        Role.OPS,
    )
    register_push_subscription = mutation_field(
        register_push_subscription,
        "Register this browser's Web Push subscription for you: the events that concern you "
        "(an approval waiting for you, your request decided or countered, your team's deal "
        "slipping, a period to close for FINANCE) are pushed to it. Registering the same "
        "endpoint again updates it. Errors: INVALID (URL, keys), LIMIT_REACHED, INVALID_STATE "
        "(Web Push not configured: `webPushPublicKey` is null).",
    )
    unregister_push_subscription = mutation_field(
        unregister_push_subscription,
        "Remove one of your Web Push subscriptions (the browser unsubscribed).",
    )
