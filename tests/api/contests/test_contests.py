"""Contests through the API: ranks with ties, frozen rules, bad inputs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from starlette.applications import Starlette

from db.models.users import Role
from services.performance.metric_source import RepValue
from tests.api.conftest import Api, People, gid
from tests.api.contests.conftest import ERRORS, Values

CREATE = f"mutation($input: CreateContestInput!) {{ createContest(input: $input) {{ contest {{ id version status }} {ERRORS} }} }}"
UPDATE = f"mutation($input: UpdateContestInput!) {{ updateContest(input: $input) {{ contest {{ name version rulesFrozenAt }} {ERRORS} }} }}"
ENROL = f"mutation($input: EnrolInContestInput!) {{ enrolInContest(input: $input) {{ contest {{ id }} {ERRORS} }} }}"
BOARD = "query($id: ID!) { contest(id: $id) { name status standings { rank position tieBreaker score won prizes { description value { amount currency } } participant { name } } } }"

SOON = datetime.now(UTC) + timedelta(days=1)
PRIZE = {
    "rankFrom": 1,
    "rankTo": 1,
    "kind": "CASH",
    "description": "first",
    "value": "500",
    "currency": "USD",
}


def contest_input(**more: Any) -> dict[str, Any]:
    window = {"startsAt": SOON.isoformat(), "endsAt": (SOON + timedelta(days=7)).isoformat()}
    return {
        "name": "December dials",
        "kind": "RACE",
        "metricKey": "calls",
        **window,
        "prizes": [PRIZE],
        **more,
    }


async def test_tied_reps_share_a_rank_the_next_skips_and_the_tie_breaker_is_shown(
    people: People, values: Values
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    reps = [await people.add(name) for name in ("Ann", "Bo", "Cy", "Di")]
    contest = (await ops.mutate(CREATE, contest_input()))["contest"]
    for rep in reps:
        enrolled = await ops.mutate(
            ENROL, {"contestId": contest["id"], "repId": gid("User", rep.id)}
        )
        assert enrolled["userErrors"] == []
    earlier = datetime(2026, 12, 2, 9, tzinfo=UTC)
    values.set(reps[0].id, 10)
    values.set(reps[1].id, 8, earlier + timedelta(hours=2))
    values.set(reps[2].id, 8, earlier)
    values.set(reps[3].id, 3)

    board = (await ops.data(BOARD, {"id": contest["id"]}))["contest"]["standings"]

    assert [(s["participant"]["name"], s["rank"], s["position"]) for s in board] == [
        ("Ann", 1, 1),
        ("Cy", 2, 2),
        ("Bo", 2, 3),
        ("Di", 4, 4),
    ]
    assert board[1]["tieBreaker"] == "reached 2026-12-02T09:00:00+00:00; name Cy"
    assert board[0]["prizes"] == [
        {"description": "first", "value": {"amount": "500.00", "currency": "USD"}}
    ]
    assert board[0]["score"] == "10.000000" and board[0]["won"] is True


async def test_a_started_contests_rules_are_frozen_with_a_typed_error_and_an_audit_entry(
    app: Starlette, people: People, values: Values
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    started = datetime.now(UTC) - timedelta(hours=1)
    window = {"startsAt": started.isoformat(), "endsAt": (started + timedelta(days=3)).isoformat()}
    contest = (await ops.mutate(CREATE, contest_input(**window)))["contest"]
    assert contest["status"] == "RUNNING"

    refused = await ops.mutate(
        UPDATE, {"id": contest["id"], "version": contest["version"], "metricKey": "sales"}
    )
    # The freeze itself changed the contest (its stamp): the next edit sends the new version.
    frozen_version = contest["version"] + 1
    renamed = await ops.mutate(
        UPDATE, {"id": contest["id"], "version": frozen_version, "name": "Dial-a-thon"}
    )
    late = await ops.mutate(ENROL, {"contestId": contest["id"], "role": "REP"})

    assert refused["contest"] is None
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("INVALID_STATE", ["input", "metricKey"])
    ]
    assert renamed["userErrors"] == [] and renamed["contest"]["name"] == "Dial-a-thon"
    assert renamed["contest"]["rulesFrozenAt"] is not None
    assert [e["code"] for e in late["userErrors"]] == ["INVALID_STATE"]
    async with app.state.engine.connect() as connection:
        actions = (
            await connection.scalars(
                text("SELECT action FROM audit_events WHERE entity_type = 'Contest' ORDER BY id")
            )
        ).all()
    assert actions == ["createContest", "freezeContestRules", "updateContest"]


async def test_bad_contest_inputs_are_typed_errors_and_nothing_is_stored(
    app: Starlette, people: People, values: Values, api: Api
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Ann"))
    backwards = contest_input(
        startsAt=(SOON + timedelta(days=2)).isoformat(), endsAt=SOON.isoformat()
    )

    window = await ops.mutate(CREATE, backwards)
    unknown = await ops.mutate(CREATE, contest_input(metricKey="vibes"))
    no_target = await ops.mutate(CREATE, contest_input(kind="TARGET"))
    nan = await ops(CREATE, {"input": contest_input(prizes=[{**PRIZE, "value": "NaN"}])})
    by_rep = await rep(CREATE, {"input": contest_input()})

    assert [(e["code"], e["field"]) for e in window["userErrors"]] == [
        ("INVALID", ["input", "endsAt"])
    ]
    assert [(e["code"], e["field"]) for e in unknown["userErrors"]] == [
        ("NOT_FOUND", ["input", "metricKey"])
    ]
    assert [(e["code"], e["field"]) for e in no_target["userErrors"]] == [
        ("INVALID", ["input", "target"])
    ]
    assert nan["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert by_rep["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with app.state.engine.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM contests")) == 0


async def test_a_manager_enrols_only_their_own_team_and_reps_see_their_teams_contest(
    people: People, values: Values
) -> None:
    boss = await people.add("Mia Manager", Role.MANAGER)
    other = await people.add("Max Manager", Role.MANAGER)
    mine = await people.add("Ann", manager=boss)
    theirs = await people.add("Bo", manager=other)
    manager = await people.sign_in(boss)
    contest = (await manager.mutate(CREATE, contest_input(prizes=[])))["contest"]

    ok = await manager.mutate(ENROL, {"contestId": contest["id"], "repId": gid("User", mine.id)})
    refused = await manager.mutate(
        ENROL, {"contestId": contest["id"], "repId": gid("User", theirs.id)}
    )
    seen_by_team = (await (await people.sign_in(mine)).data(BOARD, {"id": contest["id"]}))[
        "contest"
    ]
    seen_by_other = (await (await people.sign_in(theirs)).data(BOARD, {"id": contest["id"]}))[
        "contest"
    ]

    assert ok["userErrors"] == []
    assert [e["code"] for e in refused["userErrors"]] == ["FORBIDDEN"]
    assert [(s["participant"]["name"], s["score"]) for s in seen_by_team["standings"]] == [
        ("Ann", "0.000000")  # no value yet: on the board at zero, never skipped
    ]
    assert seen_by_other is None


MATCHES = "query($id: ID!) { contest(id: $id) { matches { first { name } second { name } winner { name } decidedBy } unranked { name } standings { participant { name } score target } } }"


async def test_head_to_head_pairs_show_who_won_and_what_decided_it(
    people: People, values: Values
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    reps = [await people.add(name) for name in ("Ann", "Bo", "Cy", "Di")]
    contest = (await ops.mutate(CREATE, contest_input(kind="HEAD_TO_HEAD")))["contest"]
    for rep in reps:
        await ops.mutate(ENROL, {"contestId": contest["id"], "repId": gid("User", rep.id)})
    for rep, value in zip(reps, (3, 4, 6, 6), strict=True):
        values.set(rep.id, value)

    matches = (await ops.data(MATCHES, {"id": contest["id"]}))["contest"]["matches"]

    assert [
        (m["first"]["name"], m["second"]["name"], m["winner"]["name"], m["decidedBy"])
        for m in matches
    ] == [
        ("Ann", "Bo", "Bo", "score"),
        ("Cy", "Di", "Cy", "tie-breaker"),  # equal scores, neither time known: by name
    ]


async def test_attainment_ranks_on_each_reps_own_target_and_lists_those_without_one(
    people: People, values: Values
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    veteran, new_hire, unknown = [await people.add(name) for name in ("Vera", "Nat", "Xi")]
    contest = (await ops.mutate(CREATE, contest_input(scoring="ATTAINMENT")))["contest"]
    for rep in (veteran, new_hire, unknown):
        await ops.mutate(ENROL, {"contestId": contest["id"], "repId": gid("User", rep.id)})
    values.totals[veteran.id] = RepValue(Decimal(100), Decimal(200))
    values.totals[new_hire.id] = RepValue(Decimal(30), Decimal(40))  # a ramped target
    values.set(unknown.id, 500)

    board = (await ops.data(MATCHES, {"id": contest["id"]}))["contest"]

    assert [(s["participant"]["name"], s["score"], s["target"]) for s in board["standings"]] == [
        ("Nat", "0.750000", "40.000000"),
        ("Vera", "0.500000", "200.000000"),
    ]
    assert board["unranked"] == [{"name": "Xi"}]


async def test_a_retried_create_with_the_same_key_returns_the_first_contest(
    app: Starlette, people: People, values: Values
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    first = await ops.mutate(CREATE, contest_input(idempotencyKey="phone-retry-1"))
    again = await ops.mutate(CREATE, contest_input(idempotencyKey="phone-retry-1"))
    assert first["contest"]["id"] == again["contest"]["id"]
    async with app.state.engine.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM contests")) == 1
