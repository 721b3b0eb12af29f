"""``POST /ingest/activities`` beside ``recordActivities``: the same batch gives the same KPIs
(every standard metric, in Bangkok days), the set-based fold equals the engine's (a full
recompute from the log finds zero drift, currencies and distinct keys included), a re-sent
batch (JSON or NDJSON) adds nothing, and bad input is refused whole with typed errors."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text, update
from starlette.applications import Starlette

from db.actor import Actor
from db.engine import create_session_factory
from db.models.users import Role, User
from gamification.standard_metrics import STANDARD_METRICS, STANDARD_METRICS_BY_KEY
from services.performance.definitions import update_metric_definition
from services.performance.recompute import recompute
from tests.api.conftest import Api, People, gid
from tests.api.performance.conftest import KPIS, RECORD


def _mid_month(now: datetime) -> datetime:
    """Noon UTC on the 15th, of this month when that has passed, else of the month before:
    the batch's two days then lie inside one month in every time zone, so the MONTH figures
    hold whatever day the suite runs (from the real clock, the 1st's batch straddled two)."""
    noon = now.replace(day=15, hour=12, minute=0, second=0, microsecond=0)
    if noon <= now:
        return noon
    return (noon.replace(day=1) - timedelta(days=1)).replace(day=15)


CLOCK = datetime.now(UTC)
NOW = _mid_month(CLOCK)
DAY = (NOW - timedelta(days=1)).astimezone(UTC).date()


def batch(rep: str, prefix: str) -> list[dict[str, Any]]:
    """A shift across the hierarchy over two days (around Bangkok midnight), for ``rep``."""
    base = NOW - timedelta(days=1, hours=3)
    at = [(base - timedelta(minutes=37 * n)).isoformat() for n in range(40)]
    items: list[dict[str, Any]] = []

    def add(kind: str, n: int, **more: Any) -> None:
        items.append(
            {"kind": kind, "occurredAt": at[n], "repId": rep, "externalId": f"{prefix}{n}", **more}
        )

    for n in range(12):
        add("DIAL", n, quantity="2" if n % 3 else "1")
    for n in range(12, 16):
        add("CONTACT", n, contact=f"person {n % 2}")
    add("EMAIL", 16)
    add("TRANSFER", 17, contact="person 0", attributes=[{"name": "transferred", "value": "true"}])
    add("LEAD", 18, attributes=[{"name": "qualification", "value": "BANT"}])
    add("LEAD", 19, attributes=[{"name": "qualification", "value": "MARKETING_QUALIFIED"}])
    add("SHIFT", 20, durationSeconds=5_000)  # 1.3888... hours: an inexact division
    add("SHIFT", 21, durationSeconds=14_400)
    add("ROI_DEMO", 22, amount="1200.50", attributes=[{"name": "currency", "value": "THB"}])
    add("CONTENT_SHARED", 23)
    add("REFERRAL", 24, contact="person 1")
    add("CONTRACT_SENT", 25, amount="99.99", attributes=[{"name": "currency", "value": "USD"}])
    add("CUSTOMER_ENGAGEMENT", 26, attributes=[{"name": "engagement", "value": "USER_COMMUNITY"}])
    add("TRAINING_COMPLETED", 27)
    items.append({"kind": "DIAL", "occurredAt": at[28], "repId": rep})  # no external id
    return items


@pytest.fixture
async def reps(app: Starlette, people: People) -> tuple[Api, dict[str, int]]:
    manager = await people.add("Mia Manager", Role.MANAGER)
    gql = await people.add("Gus Graphql", Role.REP, manager=manager)
    bulk = await people.add("Bea Bulk", Role.REP, manager=manager)
    async with create_session_factory(app.state.engine).begin() as session:
        await session.execute(
            update(User).where(User.id.in_([gql.id, bulk.id])).values(time_zone="Asia/Bangkok")
        )
    ops = await people.add("Ola Ops", Role.OPS)
    return await people.sign_in(manager), {"gql": gql.id, "bulk": bulk.id, "ops": ops.id}


async def ingest(api: Api, body: bytes, content_type: str = "application/json") -> Any:
    headers = {"content-type": content_type}
    if api.token:
        headers["authorization"] = f"Bearer {api.token}"
    return await api.http.post("/ingest/activities", content=body, headers=headers)


async def kpis(api: Api, rep: int) -> dict[str, Any]:
    keys = [m.key for m in STANDARD_METRICS]
    found = {}
    for grain in ("DAY", "MONTH"):
        variables = {"reps": [gid("User", rep)], "metrics": keys, "grain": grain}
        for row in (await api.data(KPIS, {**variables, "on": DAY.isoformat()}))["kpis"]:
            found[(grain, row["metric"]["key"])] = (
                row["value"],
                row["explanation"]["numerator"],
                row["explanation"]["denominator"],
            )
    return found


async def test_the_bulk_path_gives_the_kpis_record_activities_gives_and_no_drift(
    app: Starlette, reps: tuple[Api, dict[str, int]]
) -> None:
    manager, ids = reps
    # revenue also counts the amounts of contracts sent and ROI demos (money in two currencies)
    wider = replace(
        STANDARD_METRICS_BY_KEY["REVENUE"], source_kinds=("SALE", "CONTRACT_SENT", "ROI_DEMO")
    )
    ops = Actor(ids["ops"], frozenset({Role.OPS}))
    async with create_session_factory(app.state.engine).begin() as session:
        await update_metric_definition(session, ops, NOW, wider)
    recorded = await manager.mutate(RECORD, {"activities": batch(gid("User", ids["gql"]), "x")})
    sent = json.dumps(batch(gid("User", ids["bulk"]), "x")).encode()

    first = await ingest(manager, sent)

    assert recorded["userErrors"] == [] and recorded["recorded"] == 29
    assert first.status_code == 200
    assert first.json() == {"recorded": 29, "alreadyKnown": 0, "userErrors": []}
    by_graphql, by_bulk = await kpis(manager, ids["gql"]), await kpis(manager, ids["bulk"])
    assert by_bulk == by_graphql
    assert by_bulk[("MONTH", "CALLS")][0] == "21.0000"  # 8 × 2 + 4 × 1 + 1 without an id
    assert by_bulk[("MONTH", "REVENUE")][0] is None  # baht and dollars: never one sum
    async with create_session_factory(app.state.engine)() as session:
        assert await recompute(session) == []

    again = await ingest(manager, sent)
    as_lines = b"\n".join(json.dumps(a).encode() for a in batch(gid("User", ids["bulk"]), "x"))
    lines = await ingest(manager, as_lines, "application/x-ndjson")

    # every activity with an external id is known; the one without is new each time
    assert again.json() == {"recorded": 1, "alreadyKnown": 28, "userErrors": []}
    assert lines.json() == {"recorded": 1, "alreadyKnown": 28, "userErrors": []}
    after = await kpis(manager, ids["bulk"])
    assert after[("MONTH", "CALLS")][0] == "23.0000"
    assert {k: v for k, v in after.items() if "CALL" not in k[1]} == {
        k: v for k, v in by_bulk.items() if "CALL" not in k[1]
    }
    async with create_session_factory(app.state.engine)() as session:
        assert await recompute(session) == []


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"kind": "NO_SUCH_KIND"}, "NOT_FOUND", ["input", "activities", "1", "kind"]),
        (
            {"occurredAt": "2026-11-01T10:00:00"},
            "INVALID",
            ["input", "activities", "1", "occurredAt"],
        ),
        ({"quantity": "1e3"}, "INVALID", ["input", "activities", "1", "quantity"]),
        ({"contact": "x" * 201}, "INVALID", ["input", "activities", "1", "contact"]),
        ({"contact": "nul\u0000"}, "INVALID", ["input", "activities", "1", "contact"]),
        ({"repId": gid("Quote", 1)}, "NOT_FOUND", ["input", "activities", "1", "repId"]),
        (
            {"occurredAt": (CLOCK + timedelta(days=1)).isoformat()},  # the future
            "INVALID",
            ["input", "activities", "1", "occurredAt"],
        ),
        ({"externalId": "x0"}, "ALREADY_EXISTS", ["input", "activities", "1", "externalId"]),
        ({"wrong": 1}, "INVALID", ["input", "activities", "1", "wrong"]),
    ],
)
async def test_a_bad_activity_refuses_the_whole_batch_with_a_typed_error(
    app: Starlette,
    reps: tuple[Api, dict[str, int]],
    change: dict[str, Any],
    code: str,
    field: list[str],
) -> None:
    manager, ids = reps
    items = batch(gid("User", ids["bulk"]), "x")[:3]
    items[1] = {**items[1], **change}

    refused = await ingest(manager, json.dumps(items).encode())

    assert refused.status_code == 422
    assert [(e["code"], e["field"]) for e in refused.json()["userErrors"]] == [(code, field)]
    async with app.state.engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM activities"))).scalar() == 0


async def test_the_endpoint_wants_a_token_json_and_at_most_1000(
    reps: tuple[Api, dict[str, int]],
) -> None:
    manager, ids = reps
    one = json.dumps(batch(gid("User", ids["bulk"]), "x")[:1]).encode()
    too_many = json.dumps([{"kind": "DIAL", "occurredAt": NOW.isoformat()}] * 1001).encode()

    assert (await ingest(manager.as_(None), one)).status_code == 401
    assert (await ingest(manager, one, "text/plain")).status_code == 415
    assert (await ingest(manager, b"{not json")).status_code == 400
    over = await ingest(manager, too_many)
    assert over.status_code == 422
    assert over.json()["userErrors"][0]["field"] == ["input", "activities"]
