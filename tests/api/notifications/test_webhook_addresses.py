"""Webhooks never go to private, loopback or link-local addresses unless a setting allows
them: such a URL is refused at registration (a typed userError, nothing stored), and a
delivery whose host resolves to one is never POSTed (a failed attempt, retried then DEAD).
The test settings allow them (the receivers are local); these tests turn that off."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from server.app import create_app
from server.jobs.notifications import deliver_webhook
from server.jobs.runtime import JobRuntime
from server.settings import Settings
from services.notifications.urls import is_private_address
from tests.api.approvals.conftest import Flow
from tests.api.conftest import Api, started_client
from tests.api.notifications.conftest import CREATE, ENDPOINTS, Receiver, create_endpoint

PRIVATE = [
    "https://127.0.0.1/hook",
    "https://localhost:8443/hook",
    "https://10.1.2.3/hook",
    "https://172.16.0.1/hook",
    "https://192.168.1.10/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://[::1]/hook",
    "https://[fe80::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://0.0.0.0/hook",
    "https://100.64.0.1/hook",
    "http://localhost/hook",  # an allowed http host is still a loopback address
]


async def test_private_destinations_are_refused_at_registration_and_nothing_is_stored(
    app: Starlette, flow: Flow, settings: Settings
) -> None:
    strict = create_app(settings.model_copy(update={"webhook_allow_private_addresses": False}))
    async with started_client(strict) as http:
        admin = Api(http, flow.admin.token)
        refused = {
            url: await admin.mutate(CREATE, {"url": url, "topics": ["QUOTE_SLIPPED"]})
            for url in PRIVATE
        }
        public = await admin.mutate(
            CREATE, {"url": "https://93.184.216.34/hook", "topics": ["QUOTE_SLIPPED"]}
        )
        stored = (await admin.data(ENDPOINTS))["webhookEndpoints"]["totalCount"]

    for url, payload in refused.items():
        assert payload["webhookEndpoint"] is None, url
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
            ("INVALID", ["input", "url"])
        ], url
        assert "private, loopback or link-local" in payload["userErrors"][0]["message"]
    assert public["userErrors"] == [] and stored == 1


async def test_a_delivery_to_a_private_address_is_never_posted(
    flow: Flow, runtime: JobRuntime, receiver: Receiver
) -> None:
    endpoint = await create_endpoint(flow.admin, receiver.url("/hook"), "QUOTE_SLIPPED")
    async with runtime.sessions.begin() as session:
        event = await session.scalar(
            text(
                "INSERT INTO outbox_events (topic, payload, occurred_at, aggregate_type, "
                "aggregate_id, dispatched_at) VALUES ('quote.slipped', '{}', now(), 'Quote', 1, "
                "now()) RETURNING id"
            )
        )
        delivery = await session.scalar(
            text(
                "INSERT INTO webhook_deliveries (endpoint_id, event_id, status) SELECT id, :e, "
                "'PENDING' FROM webhook_endpoints RETURNING id"
            ),
            {"e": event},
        )
    strict = dataclasses.replace(
        runtime,
        notifications=dataclasses.replace(runtime.notifications, allow_private_addresses=False),
    )
    allowed = SimpleNamespace(additional_context=runtime.as_context())

    status = await deliver_webhook(
        SimpleNamespace(additional_context=strict.as_context()), delivery
    )  # type: ignore[arg-type]
    async with runtime.sessions() as session:
        error = await session.scalar(
            text("SELECT last_error FROM webhook_deliveries WHERE id = :d"), {"d": delivery}
        )
    posted_while_refused = list(receiver.received)
    delivered = await deliver_webhook(allowed, delivery)  # type: ignore[arg-type]

    assert endpoint["webhookEndpoint"]["url"].startswith("http://127.0.0.1:")
    assert status == "PENDING" and posted_while_refused == []
    assert "127.0.0.1" in str(error) and "private" in str(error)
    assert delivered == "DELIVERED" and len(receiver.at("/hook")) == 1


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("8.8.8.8", False),
        ("2606:4700:4700::1111", False),
        ("127.0.0.2", True),
        ("::ffff:10.0.0.1", True),
        ("fd00::1", True),
        ("224.0.0.1", True),
        ("fe80::1%eth0", True),
    ],
)
def test_which_addresses_are_private(address: str, private: bool) -> None:
    assert is_private_address(address) is private
