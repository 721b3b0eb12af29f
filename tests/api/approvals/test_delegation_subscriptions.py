"""Subscribing follows the delegation window too, judged when subscribing and at each event
(issue 10, item 12), over graphql-transport-ws on a real uvicorn process."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from db.models.users import Role
from server.settings import Settings
from tests.api.approvals.conftest import COMMENT, Flow
from tests.api.approvals.test_delegation_over_time import delegate, end_delegation
from tests.api.approvals.test_realtime import next_message, refused, subscription
from tests.live import LiveServers

WATCH = "subscription($id: ID!) { approvalRequestUpdated(id: $id) { id status } }"
INBOX = "subscription { myApprovalInbox { id status } }"


@pytest.fixture(scope="module")
def one_server(settings: Settings, live_servers: LiveServers) -> str:
    """The session's server on the test settings (shared with every module asking for it)."""
    return live_servers.get(settings)


async def test_a_request_can_be_watched_only_while_the_delegation_runs(
    flow: Flow, one_server: str
) -> None:
    user = await flow.quotes.demo.people.add("Dee Deputy", Role.MANAGER)
    deputy = await flow.quotes.demo.people.sign_in(user)
    await delegate(flow, user.id, timedelta(hours=1), timedelta(days=1))  # not yet
    request = await flow.pending_request("15")

    async with subscription(one_server, deputy.token, WATCH, {"id": request["id"]}) as early:
        before = await next_message(early)
    running = await delegate(flow, user.id, -timedelta(minutes=1), timedelta(days=1))
    async with subscription(one_server, deputy.token, WATCH, {"id": request["id"]}) as watching:
        await flow.act(flow.manager, COMMENT, id=request["id"], message="please look")
        during = await next_message(watching)
    await end_delegation(flow, running, ago=timedelta(seconds=6))
    async with subscription(one_server, deputy.token, WATCH, {"id": request["id"]}) as late:
        after = await next_message(late)

    assert refused(before, "NOT_FOUND")
    assert (
        during["type"] == "next"
        and during["payload"]["data"]["approvalRequestUpdated"]["id"] == request["id"]
    )
    assert refused(after, "NOT_FOUND")


async def test_the_inbox_subscription_hears_only_what_arrives_while_the_delegation_runs(
    flow: Flow, one_server: str
) -> None:
    user = await flow.quotes.demo.people.add("Dee Deputy", Role.MANAGER)
    deputy = await flow.quotes.demo.people.sign_in(user)
    running = await delegate(flow, user.id, -timedelta(minutes=1), timedelta(days=1))

    async with subscription(one_server, deputy.token, INBOX, {}) as inbox:
        first = await flow.pending_request("15")
        heard_first = await next_message(inbox)
        await end_delegation(flow, running, ago=timedelta(seconds=6))
        # not heard
        await flow.act(flow.manager, COMMENT, id=first["id"], message="after the deputy left")
        # not heard
        second = await flow.pending_request("16")
        await asyncio.sleep(0.5)  # the server has judged those events before the next delegation
        await delegate(flow, user.id, -timedelta(minutes=1), timedelta(days=1))  # after submission
        await flow.act(flow.manager, COMMENT, id=second["id"], message="the deputy is back")
        heard_next = await next_message(inbox)

    assert heard_first["payload"]["data"]["myApprovalInbox"]["id"] == first["id"]
    assert heard_next["payload"]["data"]["myApprovalInbox"]["id"] == second["id"]
