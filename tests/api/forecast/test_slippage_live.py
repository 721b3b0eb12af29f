"""A slip reaches the rep's manager the moment it is saved, over graphql-transport-ws,
through PostgreSQL LISTEN/NOTIFY (the server process the manager listens on is not the
one that saved it); a manager of another team hears nothing."""

from __future__ import annotations

import asyncio

from tests.api.approvals.test_realtime import next_message, refused, subscription
from tests.api.forecast.conftest import Team
from tests.live import ws_client
from tests.support.subscribers import listening, subscribers

SLIPS = "subscription { slippageReported { amount { amount currency } fromPeriod toPeriod reason rep { email } } }"


async def test_a_slip_is_pushed_to_the_reps_managers_and_not_to_another_team(
    team: Team, one_server: str
) -> None:
    director = await team.above_east_manager("Dana Director")
    quote = await team.deal("2027-03-20")

    before = await subscribers(one_server)  # (then the three listen before the slip)
    async with (
        ws_client(one_server) as manager,
        ws_client(one_server) as above,
        ws_client(one_server) as other,
    ):
        for client, api in (
            (manager, team.manager),
            (above, director),
            (other, team.other_manager),
        ):
            assert (await client.init(api.token))["type"] == "connection_ack"  # type: ignore[index]
            await client.subscribe(SLIPS)
        await listening(one_server, before, *(c.messages for c in (manager, above, other)), new=3)
        moved = await team.move(quote, "2027-05-02", "Waiting on the board")
        message, heard_above = await manager.next(), await above.next()
        await asyncio.sleep(0.5)

        assert other.messages.empty()
    assert moved["userErrors"] == []
    assert message["type"] == "next" and heard_above == message
    assert message["payload"]["data"]["slippageReported"] == {
        "amount": quote["netTotal"],
        "fromPeriod": "FY2027-Q1",
        "toPeriod": "FY2027-Q2",
        "reason": "Waiting on the board",
        "rep": {"email": "rep1@dealdesk.example"},
    }


async def test_the_subscription_needs_a_token(one_server: str) -> None:
    async with subscription(one_server, None, SLIPS, {}) as anonymous:
        reply = await next_message(anonymous)

    assert refused(reply, "UNAUTHENTICATED")
