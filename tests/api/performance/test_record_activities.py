"""`recordActivities`: all or nothing, typed errors per item path, and a re-sent batch is harmless."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from db.engine import create_session_factory
from db.models.performance_activities import Activity
from tests.api.conftest import gid
from tests.api.performance.conftest import RECORD, Team

DAY = "2026-11-16"


def dial(n: int, **extra: object) -> dict[str, object]:
    return {"kind": "DIAL", "occurredAt": f"{DAY}T09:00:00Z", "externalId": f"d{n}", **extra}


async def calls_of(team: Team, name: str) -> str:
    rows = await team.kpis(team.ops, reps=[team.gid(name)], metrics=["CALLS"], on=DAY)
    return rows[(team.gid(name), "CALLS")]["value"]


async def test_a_resent_batch_adds_nothing_and_says_so(team: Team) -> None:
    batch = [dial(1), dial(2), dial(3)]
    first = await team.record(team.ray, batch)
    again = await team.record(team.ray, [*batch, dial(4)])

    assert (first["recorded"], first["alreadyKnown"]) == (3, 0)
    assert (again["recorded"], again["alreadyKnown"]) == (1, 3)
    assert await calls_of(team, "ray") == "4.0000"
    assert await team.drift() == []


async def test_bad_activities_are_typed_errors_naming_the_item_and_nothing_is_stored(
    team: Team,
) -> None:
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    batch = [
        dial(1),
        dial(2, occurredAt=future),
        dial(3, kind="NO_SUCH_KIND"),
        dial(4, kind="SALE"),
        dial(5, repId=team.gid("sue")),
        dial(6, quantity="-1"),
        dial(7, occurredAt="2026-11-16T09:00:00"),
        dial(8, accountId=gid("Quote", 1)),
    ]

    result = await team.record(team.ray, batch)

    errors = [(e["code"], e["field"]) for e in result["userErrors"]]
    assert errors == [
        ("INVALID", ["input", "activities", "6", "occurredAt"]),
        ("NOT_FOUND", ["input", "activities", "7", "accountId"]),
    ]  # decoding comes first; with those fixed, the rules speak
    fixed = batch[:6]
    result = await team.record(team.ray, fixed)
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
        ("INVALID", ["input", "activities", "1", "occurredAt"]),
        ("NOT_FOUND", ["input", "activities", "2", "kind"]),
        ("INVALID", ["input", "activities", "3", "kind"]),
        ("FORBIDDEN", ["input", "activities", "4", "repId"]),
        ("INVALID", ["input", "activities", "5", "quantity"]),
    ]
    assert result["recorded"] == 0
    assert await calls_of(team, "ray") == "0.0000"


async def test_an_oversized_batch_is_refused_whole(team: Team) -> None:
    result = await team.record(team.ops, [dial(n) for n in range(1001)])
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
        ("INVALID", ["input", "activities"])
    ]
    assert await calls_of(team, "ray") == "0.0000"


async def test_a_manager_records_for_the_team_and_an_integration_for_anyone(team: Team) -> None:
    by_manager = await team.record(team.manager, [dial(1, repId=team.gid("sue"))])
    by_ops = await team.record(team.ops, [dial(1, repId=team.gid("ray"))])
    outside = await team.record(team.manager, [dial(2, repId=team.gid("ola"))])

    assert by_manager["recorded"] == 1 and by_ops["recorded"] == 1
    assert [e["code"] for e in outside["userErrors"]] == ["FORBIDDEN"]


async def test_a_rep_cannot_read_another_reps_kpis(team: Team) -> None:
    body = await team.ray(
        "query($reps: [ID!]) { kpis(reps: $reps, grain: DAY) { value } }",
        {"reps": [team.gid("sue")]},
    )
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_every_field_sent_is_logged_as_sent(team: Team) -> None:
    """The batch builds itself from its plan (``lean_input``): each field lands in the log."""
    sent = dial(
        9,
        repId=team.gid("sue"),
        kind="CONTACT",
        occurredAt="2026-11-16T16:30:00.250000+07:00",
        quantity="2.5",
        amount="12.345",
        durationSeconds=90,
        contact="Dana at Acme",
        attributes=[{"name": "qualification", "value": "BANT"}],
    )
    result = await team.record(team.ops, [sent])
    assert (result["recorded"], result["userErrors"]) == (1, [])
    sessions = create_session_factory(team.app.state.engine)
    async with sessions() as session:
        row = (await session.execute(select(Activity))).scalar_one()
    assert (row.rep_id, row.kind, row.external_id, row.recorded_by) == (
        team.ids["sue"],
        "CONTACT",
        "d9",
        team.ids["ola"],
    )
    assert row.occurred_at == datetime(2026, 11, 16, 9, 30, 0, 250000, tzinfo=UTC)
    assert (row.quantity, row.amount, row.duration_seconds) == (
        Decimal("2.5"),
        Decimal("12.345"),
        90,
    )
    assert (row.contact, row.customer_key, row.attributes) == (
        "Dana at Acme",
        "Dana at Acme",
        {"qualification": "BANT"},
    )


async def test_a_malformed_rep_id_is_refused_whole(team: Team) -> None:
    body = await team.ray(RECORD, {"input": {"activities": [dial(1, repId="not an id")]}})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["errors"][0]["message"] == "No object has this id."
    assert await calls_of(team, "ray") == "0.0000"
