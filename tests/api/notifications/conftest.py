"""A real HTTP receiver on 127.0.0.1 (webhooks and a fake Web Push service), a worker running
the delivery tasks with fast retries, and the GraphQL documents of the outbox."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.jobs.runtime import JobRuntime
from server.settings import Settings
from tests.api.approvals.conftest import Flow
from tests.api.conftest import Api
from tests.api.jobs.conftest import (  # noqa: F401  (fixtures)
    clock,
    eventually,
    fast_worker,
    flow,
    runtime,
)

ERRORS = "userErrors { code field message }"
ENDPOINT_FIELDS = "id url topics description active version createdAt secretRotatedAt"
CREATE = (
    "mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) "
    f"{{ webhookEndpoint {{ {ENDPOINT_FIELDS} }} secret {ERRORS} }} }}"
)
UPDATE = (
    "mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) "
    f"{{ webhookEndpoint {{ {ENDPOINT_FIELDS} }} {ERRORS} }} }}"
)
ROTATE = (
    "mutation($input: RotateWebhookEndpointSecretInput!) { rotateWebhookEndpointSecret("
    f"input: $input) {{ webhookEndpoint {{ {ENDPOINT_FIELDS} }} secret {ERRORS} }} }}"
)
DELETE = (
    "mutation($input: DeleteWebhookEndpointInput!) { deleteWebhookEndpoint(input: $input) "
    f"{{ webhookEndpoint {{ id }} {ERRORS} }} }}"
)
DELIVERY_FIELDS = (
    "id eventId topic status attempts lastResponseCode lastError deliveredAt nextAttemptAt "
    "endpoint { id url }"
)
DELIVERIES = (
    "query($status: WebhookDeliveryStatus) { webhookDeliveries(status: $status) { totalCount "
    f"edges {{ node {{ {DELIVERY_FIELDS} }} }} }} }}"
)
ENDPOINTS = f"{{ webhookEndpoints {{ totalCount edges {{ node {{ {ENDPOINT_FIELDS} }} }} }} }}"
REDELIVER = (
    "mutation($input: RedeliverWebhookDeliveryInput!) { redeliverWebhookDelivery(input: $input)"
    f" {{ webhookDelivery {{ {DELIVERY_FIELDS} }} {ERRORS} }} }}"
)
REGISTER_PUSH = (
    "mutation($input: RegisterPushSubscriptionInput!) { registerPushSubscription(input: $input)"
    f" {{ pushSubscription {{ endpoint createdAt lastSentAt }} {ERRORS} }} }}"
)
UNREGISTER_PUSH = (
    "mutation($input: UnregisterPushSubscriptionInput!) { unregisterPushSubscription("
    f"input: $input) {{ removed {ERRORS} }} }}"
)
MY_PUSH = "{ webPushPublicKey myPushSubscriptions { endpoint lastSentAt } }"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int


@dataclass
class Receiver:
    """Answers each POST with the next status planned for its path, then 200."""

    port: int = 0
    plans: dict[str, list[int]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def at(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]

    async def handle(self, request: Request) -> Response:
        body = await request.body()
        plan = self.plans.get(request.url.path) or []
        status = plan.pop(0) if plan else 200
        self.received.append(
            Received(
                request.url.path, {k.lower(): v for k, v in request.headers.items()}, body, status
            )
        )
        self.arrived.set()
        return Response(b"nope" if status >= 300 else b"ok", status_code=status)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    found = Receiver()
    app = Starlette(routes=[Route("/{path:path}", found.handle, methods=["POST"])])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    found.port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        yield found
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()


FAST_RETRIES = {"webhook_backoff_base_seconds": 0.05, "webhook_max_attempts": 3}


@pytest.fixture
async def delivering(
    settings: Settings,
    runtime: JobRuntime,  # noqa: F811
    flow: Flow,  # noqa: F811
) -> AsyncIterator[JobRuntime]:
    """A worker delivering with fast retries (50 ms, 100 ms) and 3 attempts at most. It starts
    after the demo org is loaded (the org's copy must not hold the worker's row)."""
    fast = dataclasses.replace(
        runtime, notifications=dataclasses.replace(runtime.notifications, **FAST_RETRIES)
    )
    async with fast_worker(settings, fast):
        yield fast


async def create_endpoint(api: Api, url: str, *topics: str, **more: Any) -> dict[str, Any]:
    payload = await api.mutate(CREATE, {"url": url, "topics": list(topics), **more})
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


async def deliveries(api: Api, status: str | None = None) -> list[dict[str, Any]]:
    data = await api.data(DELIVERIES, {"status": status})
    return [e["node"] for e in data["webhookDeliveries"]["edges"]]


async def wait_for_delivery(api: Api, status: str, count: int = 1) -> list[dict[str, Any]]:
    async def done() -> bool:
        """the deliveries reached their state"""
        return len(await deliveries(api, status)) >= count

    await eventually(done)
    return await deliveries(api, status)
