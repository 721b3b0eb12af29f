"""``contestRankChanged`` on a real uvicorn process: an enrolment moves the board and the
subscriber hears who moved."""

from __future__ import annotations

import asyncio

from db.models.users import Role
from server.settings import Settings
from tests.api.conftest import People, gid
from tests.api.contests.test_contests import CREATE, ENROL, contest_input
from tests.api.realtime.test_websocket_rules import token_for
from tests.live import ws_client

FOLLOW = "subscription($id: ID!) { contestRankChanged(id: $id) { contest { name } changes { before after participant { name } } } }"


async def test_an_enrolment_pushes_the_new_participants_rank_to_the_subscriber(
    one_server: str, people: People, settings: Settings
) -> None:
    olga = await people.add("Olga Ops", Role.OPS)
    ops = await people.sign_in(olga)
    ann = await people.add("Ann")
    contest = (await ops.mutate(CREATE, contest_input(metricKey="CALLS")))["contest"]
    async with ws_client(one_server) as client:
        assert (await client.init(token_for(settings, olga)) or {}).get("type") == "connection_ack"
        await client.subscribe(FOLLOW, {"id": contest["id"]})
        await asyncio.sleep(1)  # the subscription reads the board, then listens
        enrolled = await ops.mutate(
            ENROL, {"contestId": contest["id"], "repId": gid("User", ann.id)}
        )
        assert enrolled["userErrors"] == []
        pushed = await client.next(timeout=10)

    assert pushed["payload"]["data"]["contestRankChanged"] == {
        "contest": {"name": "December dials"},
        "changes": [{"before": None, "after": 1, "participant": {"name": "Ann"}}],
    }
