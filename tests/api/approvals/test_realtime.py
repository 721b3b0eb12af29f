"""Subscriptions across two server processes: a decision made through one reaches a
subscriber connected to the other, through PostgreSQL LISTEN/NOTIFY."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from websockets.asyncio.client import connect

from server.settings import Settings
from tests.api.approvals.conftest import APPROVE, Flow
from tests.live import LiveServers
from tests.support.subscribers import listening, subscribers

PROTOCOL = "graphql-transport-ws"
WATCH = "subscription($id: ID!) { approvalRequestUpdated(id: $id) { status quote { status } } }"


@pytest.fixture(scope="module")
def two_servers(settings: Settings, live_servers: LiveServers) -> tuple[str, str]:
    """Two processes on the test settings (the first is the session's ``one_server``)."""
    return live_servers.get(settings), live_servers.get(settings, instance=1)


@contextlib.asynccontextmanager
async def subscription(
    base: str, token: str | None, query: str, variables: dict
) -> AsyncIterator[asyncio.Queue]:
    messages: asyncio.Queue = asyncio.Queue()
    before = await subscribers(base)
    async with connect(f"ws://{base}/graphql", subprotocols=[PROTOCOL]) as ws:
        await ws.send(
            json.dumps(
                {
                    "type": "connection_init",
                    "payload": {"authorization": f"Bearer {token}"} if token else {},
                }
            )
        )
        ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert ack["type"] == "connection_ack"
        await ws.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": query, "variables": variables},
                }
            )
        )

        async def pump() -> None:
            async for raw in ws:
                await messages.put(json.loads(raw))

        task = asyncio.create_task(pump())
        await listening(base, before, messages)  # before anything is decided
        try:
            yield messages
        finally:
            task.cancel()


async def next_message(messages: asyncio.Queue, timeout: float = 10) -> dict:
    return await asyncio.wait_for(messages.get(), timeout)


def refused(message: dict, code: str) -> bool:
    """A subscription refused: a protocol ``error``, or a result whose first error is ``code``."""
    return (
        message["type"] == "error" or message["payload"]["errors"][0]["extensions"]["code"] == code
    )


async def test_a_decision_through_one_process_reaches_a_subscriber_on_another(
    flow: Flow, two_servers: tuple[str, str]
) -> None:
    first, second = two_servers
    request = await flow.pending_request("15")

    async with subscription(
        second, flow.quotes.rep.token, WATCH, {"id": request["id"]}
    ) as messages:
        async with httpx.AsyncClient(base_url=f"http://{first}") as http:
            response = await http.post(
                "/graphql",
                json={"query": APPROVE, "variables": {"input": {"id": request["id"]}}},
                headers={"authorization": f"Bearer {flow.manager.token}"},
            )
        message = await next_message(messages)

    assert response.json()["data"]["approveApprovalRequest"]["userErrors"] == []
    assert message["type"] == "next"
    assert message["payload"]["data"]["approvalRequestUpdated"] == {
        "status": "APPROVED",
        "quote": {"status": "APPROVED"},
    }


async def test_the_inbox_subscription_hears_a_new_request_for_me(
    flow: Flow, two_servers: tuple[str, str]
) -> None:
    _first, second = two_servers
    inbox = "subscription { myApprovalInbox { status quote { name } } }"

    async with subscription(second, flow.manager.token, inbox, {}) as messages:
        await flow.submit(await flow.discounted_quote("15"))
        message = await next_message(messages)

    assert message["payload"]["data"]["myApprovalInbox"]["status"] == "PENDING"


async def test_subscriptions_need_a_token_and_hide_other_peoples_requests(
    flow: Flow, two_servers: tuple[str, str]
) -> None:
    _, second = two_servers
    request = await flow.pending_request("15")
    stranger = await flow.quotes.demo.sign_in("rep5@dealdesk.example")

    async with subscription(second, None, WATCH, {"id": request["id"]}) as anonymous:
        anonymous_reply = await next_message(anonymous)
    async with subscription(second, stranger.token, WATCH, {"id": request["id"]}) as foreign:
        stranger_reply = await next_message(foreign)

    assert refused(anonymous_reply, "UNAUTHENTICATED")
    assert refused(stranger_reply, "NOT_FOUND")


async def test_quote_updated_hears_a_status_change_made_through_the_other_process(
    flow: Flow, two_servers: tuple[str, str]
) -> None:
    first, second = two_servers
    quote = await flow.quotes.create()
    watch = "subscription($id: ID!) { quoteUpdated(id: $id) { status version } }"
    submit = "mutation($i: QuoteActionInput!) { submitQuoteForApproval(input: $i) { userErrors { code } } }"

    async with subscription(second, flow.quotes.rep.token, watch, {"id": quote["id"]}) as messages:
        async with httpx.AsyncClient(base_url=f"http://{first}") as http:
            await http.post(
                "/graphql",
                json={
                    "query": submit,
                    "variables": {"i": {"id": quote["id"], "version": quote["version"]}},
                },
                headers={"authorization": f"Bearer {flow.quotes.rep.token}"},
            )
        message = await next_message(messages)

    assert message["payload"]["data"]["quoteUpdated"]["status"] == "APPROVED"
