"""``contest.rank_changed``: the scheduled look at running boards announces each participant
who moved, once, to the webhooks and to that participant."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from db.models.users import Role
from server.jobs import notifications
from server.jobs.runtime import JobRuntime
from tests.api.approvals.conftest import Flow
from tests.api.conftest import People, gid
from tests.api.contests.conftest import Values, values  # noqa: F401  (fixture)
from tests.api.contests.test_contests import CREATE, ENROL, SOON, contest_input
from tests.api.jobs.conftest import FakeClock
from tests.api.jobs.test_tasks_run_twice import context
from tests.api.notifications.conftest import Receiver, create_endpoint, eventually

pytestmark = pytest.mark.usefixtures("delivering")


async def test_a_move_on_a_running_board_is_announced_once_to_who_moved(
    flow: Flow,
    people: People,
    values: Values,  # noqa: F811
    receiver: Receiver,
    clock: FakeClock,
    runtime: JobRuntime,
) -> None:
    await create_endpoint(flow.admin, receiver.url("/contests"), "CONTEST_RANK_CHANGED")
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    ann, bo = await people.add("Ann"), await people.add("Bo")
    contest = (await ops.mutate(CREATE, contest_input()))["contest"]
    for rep in (ann, bo):
        enrolled = await ops.mutate(
            ENROL, {"contestId": contest["id"], "repId": gid("User", rep.id)}
        )
        assert enrolled["userErrors"] == []
    values.set(ann.id, 10)
    values.set(bo.id, 5)

    async def look() -> int:
        return await notifications.track_contest_ranks(context(runtime), 0)

    clock.now = SOON - timedelta(hours=1)
    assert await look() == 0  # not running yet
    clock.now = SOON + timedelta(hours=1)
    assert await look() == 0  # the first look records the board
    assert await look() == 0
    values.set(bo.id, 20)
    assert await look() == 2
    assert await look() == 0

    async def arrived() -> bool:
        """both moves reached the webhook"""
        return len(receiver.at("/contests")) == 2

    await eventually(arrived)
    moves = {
        b["data"]["participant"]: (b["data"]["rankBefore"], b["data"]["rankAfter"])
        for b in (json.loads(r.body) for r in receiver.at("/contests"))
    }
    assert moves == {gid("User", ann.id): (1, 2), gid("User", bo.id): (2, 1)}
    bodies = [json.loads(r.body) for r in receiver.at("/contests")]
    assert {b["topic"] for b in bodies} == {"contest.rank_changed"}
    assert {b["data"]["contest"] for b in bodies} == {contest["id"]}
