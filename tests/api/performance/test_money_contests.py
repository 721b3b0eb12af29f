"""A contest on a money metric counts one currency, named at creation, and never adds baht
to dollars: REQUIRED without it, INVALID on a metric that is not money, and a board that
ranks only the dollars (revenue, and revenue per call with calls in every currency)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from gamification.facts import Fact, attributes_of
from tests.api.contests.test_contests import CREATE, ENROL, contest_input
from tests.api.performance.conftest import Team

WHEN = datetime.now(UTC) - timedelta(hours=1)
BOARD = """query($id: ID!) { contest(id: $id) { currency
  standings { rank score participant { name } } } }"""


def sale(rep: int, n: int, amount: str, currency: str) -> Fact:
    return Fact(
        rep,
        "SALE",
        WHEN,
        amount=Decimal(amount),
        customer_key=f"account:{n}",
        attributes=attributes_of({"currency": currency}),
        external_id=f"sale-{n}",
    )


@pytest.mark.parametrize(
    ("metric", "currency", "code"),
    [
        ("REVENUE", None, "REQUIRED"),
        ("REVENUE_PER_CALL", None, "REQUIRED"),
        ("CALLS", "USD", "INVALID"),
    ],
)
async def test_the_currency_goes_with_money_metrics_only(
    team: Team, metric: str, currency: str | None, code: str
) -> None:
    refused = await team.ops.mutate(
        CREATE, contest_input(metricKey=metric, currency=currency, prizes=[])
    )

    assert refused["contest"] is None
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        (code, ["input", "currency"])
    ]


@pytest.mark.parametrize(
    ("metric", "scores"),
    [
        ("REVENUE", [("Sue Rep", 1, "200.000000"), ("Ray Rep", 2, "100.000000")]),
        ("REVENUE_PER_CALL", [("Sue Rep", 1, "100.000000"), ("Ray Rep", 2, "10.000000")]),
    ],
)
async def test_a_dollar_contest_ranks_dollars_only(
    team: Team, metric: str, scores: list[tuple[str, int, str]]
) -> None:
    created = await team.ops.mutate(
        CREATE, contest_input(metricKey=metric, currency="USD", prizes=[])
    )
    assert created["userErrors"] == []
    contest = created["contest"]["id"]
    for rep in ("ray", "sue"):
        await team.ops.mutate(ENROL, {"contestId": contest, "repId": team.gid(rep)})
    async with team.app.state.engine.begin() as connection:
        await connection.execute(
            text("UPDATE contests SET starts_at = :start"), {"start": WHEN - timedelta(days=1)}
        )
    ray, sue = team.ids["ray"], team.ids["sue"]
    # Ray: 30,000 baht and 100 dollars over 10 calls; Sue: 200 dollars over 2 calls
    await team.facts(
        [
            sale(ray, 1, "30000", "THB"),
            sale(ray, 2, "100", "USD"),
            sale(sue, 3, "200", "USD"),
            Fact(ray, "DIAL", WHEN, quantity=Decimal(10), external_id="d1"),
            Fact(sue, "DIAL", WHEN, quantity=Decimal(2), external_id="d2"),
        ]
    )

    board = (await team.ops.data(BOARD, {"id": contest}))["contest"]

    assert board["currency"] == "USD"
    assert [(s["participant"]["name"], s["rank"], s["score"]) for s in board["standings"]] == scores

    # Read again after another dollar sale: a money contest's board is read from the currency
    # rollups, which the home screens' board cache does not fingerprint, so it is never kept.
    before = {s["participant"]["name"]: Decimal(s["score"]) for s in board["standings"]}
    await team.facts([sale(ray, 4, "500", "USD")])
    again = (await team.ops.data(BOARD, {"id": contest}))["contest"]
    after = {s["participant"]["name"]: Decimal(s["score"]) for s in again["standings"]}
    per_call = Decimal(10) if metric == "REVENUE_PER_CALL" else Decimal(1)
    assert after == {**before, "Ray Rep": before["Ray Rep"] + Decimal(500) / per_call}
