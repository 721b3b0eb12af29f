"""Slippage through GraphQL: a close date moved into a later fiscal quarter is a slip,
with the rep's reason, seen by the rep's managers; every change stays in the history."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import text

from tests.api.forecast.conftest import HISTORY, SLIPPAGE_EVENTS, Team


async def test_a_close_date_moved_into_a_later_quarter_is_a_slip_with_the_reps_reason(
    team: Team,
) -> None:
    quote = await team.deal("2027-03-20")

    moved = await team.move(quote, "2027-04-10", "Customer budget frozen until April")

    assert moved["userErrors"] == []
    events = (await team.manager.data(SLIPPAGE_EVENTS))["slippageEvents"]
    assert events["totalCount"] == 1
    assert events["edges"][0]["node"] == {
        "amount": quote["netTotal"],
        "fromDate": "2027-03-20",
        "toDate": "2027-04-10",
        "fromPeriod": "FY2027-Q1",
        "toPeriod": "FY2027-Q2",
        "quarters": 1,
        "reason": "Customer budget frozen until April",
        "rep": {"email": "rep1@dealdesk.example"},
        "quote": {"id": quote["id"]},
    }
    history = (await team.quotes.rep.data(HISTORY, {"id": quote["id"]}))["node"]
    assert history["closeDateHistory"] == [
        {
            "fromDate": None,
            "toDate": "2027-03-20",
            "reason": None,
            "actor": {"email": "rep1@dealdesk.example"},
        },
        {
            "fromDate": "2027-03-20",
            "toDate": "2027-04-10",
            "reason": "Customer budget frozen until April",
            "actor": {"email": "rep1@dealdesk.example"},
        },
    ]


async def test_a_slip_without_a_reason_is_refused_and_nothing_changes(team: Team) -> None:
    quote = await team.deal("2027-03-20")

    refused = await team.move(quote, "2027-07-01")

    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("REQUIRED", ["input", "closeDateChangeReason"])
    ]
    assert "FY2027-Q1 to FY2027-Q3" in refused["userErrors"][0]["message"]
    history = (await team.quotes.rep.data(HISTORY, {"id": quote["id"]}))["node"]
    assert history["expectedCloseDate"] == "2027-03-20"
    assert len(history["closeDateHistory"]) == 1
    assert (await team.manager.data(SLIPPAGE_EVENTS))["slippageEvents"]["totalCount"] == 0


async def test_moves_within_the_quarter_or_earlier_are_history_but_no_slip(team: Team) -> None:
    quote = await team.deal("2027-03-20")

    within = await team.move(quote, "2027-03-31")
    earlier = await team.move(within["quote"], "2027-01-05")

    assert within["userErrors"] == earlier["userErrors"] == []
    history = (await team.quotes.rep.data(HISTORY, {"id": quote["id"]}))["node"]
    assert [(c["fromDate"], c["toDate"]) for c in history["closeDateHistory"]] == [
        (None, "2027-03-20"),
        ("2027-03-20", "2027-03-31"),
        ("2027-03-31", "2027-01-05"),
    ]
    assert (await team.manager.data(SLIPPAGE_EVENTS))["slippageEvents"]["totalCount"] == 0


async def test_the_fiscal_year_decides_the_quarter(team: Team) -> None:
    async with team.demo.sessions() as session:
        await session.execute(
            text(
                "INSERT INTO commission_calendar (id, first_month, named_by_end_year, period_kind)"
                " VALUES (1, 2, true, 'QUARTER')"
            )
        )
        await session.commit()
    quote = await team.deal("2027-03-20")

    # February to April is one fiscal quarter: March to April is no slip there.
    moved = await team.move(quote, "2027-04-30")
    slipped = await team.move(moved["quote"], "2027-05-01", "Legal review")

    assert moved["userErrors"] == slipped["userErrors"] == []
    events = (await team.manager.data(SLIPPAGE_EVENTS))["slippageEvents"]["edges"]
    assert [(e["node"]["fromPeriod"], e["node"]["toPeriod"]) for e in events] == [
        ("FY2028-Q1", "FY2028-Q2")
    ]


async def test_a_slip_is_seen_by_the_rep_and_their_managers_only(team: Team) -> None:
    quote = await team.deal("2027-03-20")
    await team.move(quote, "2027-04-10", "Champion left")
    east = await team.user_id("east.manager@dealdesk.example")

    def count(data: dict) -> int:
        return data["slippageEvents"]["totalCount"]

    assert count(await team.quotes.rep.data(SLIPPAGE_EVENTS)) == 1
    assert count(await team.manager.data(SLIPPAGE_EVENTS, {"team": east})) == 1
    assert (
        count(
            await team.manager.data(SLIPPAGE_EVENTS, {"start": "2027-01-01", "end": "2027-04-01"})
        )
        == 1
    )
    assert count(await team.manager.data(SLIPPAGE_EVENTS, {"start": "2027-04-01"})) == 0
    assert count(await team.other_manager.data(SLIPPAGE_EVENTS)) == 0
    assert count(await team.other_rep.data(SLIPPAGE_EVENTS)) == 0
    hidden = await team.other_manager(SLIPPAGE_EVENTS, {"team": east})
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    malformed = await team.manager(SLIPPAGE_EVENTS, {"rep": "not-an-id"})
    assert malformed["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_slippage_event_is_a_node_for_those_who_may_see_it(team: Team) -> None:
    quote = await team.deal("2027-03-20")
    await team.move(quote, "2027-04-10", "Champion left")
    ids = "query { slippageEvents { edges { node { id } } } }"
    (edge,) = (await team.manager.data(ids))["slippageEvents"]["edges"]
    node = "query($id: ID!) { node(id: $id) { ... on SlippageEvent { reason } } }"

    seen = await team.manager.data(node, {"id": edge["node"]["id"]})
    hidden = await team.other_manager.data(node, {"id": edge["node"]["id"]})

    assert seen["node"] == {"reason": "Champion left"}
    assert hidden["node"] is None


async def test_a_slip_feeds_the_reps_slippage_kpis_in_the_same_transaction(team: Team) -> None:
    quote = await team.deal("2027-03-20")
    slipped = await team.move(quote, "2027-04-10", "Customer budget frozen until April")
    back = await team.move(slipped["quote"], "2027-03-25")
    again = await team.move(back["quote"], "2027-07-10", "Board meeting moved")
    assert slipped["userErrors"] == back["userErrors"] == again["userErrors"] == []
    rep = await team.user_id("rep1@dealdesk.example")

    data = await team.manager.data(
        'query($reps: [ID!]) { kpis(reps: $reps, metrics: ["SLIPPAGE_COUNT",'
        ' "SLIPPAGE_AMOUNT"], grain: YEAR) { metric { key } value } }',
        {"reps": [rep]},
    )

    values = {row["metric"]["key"]: row["value"] for row in data["kpis"]}
    assert Decimal(values["SLIPPAGE_COUNT"]) == 2
    assert Decimal(values["SLIPPAGE_AMOUNT"]) == 2 * Decimal(quote["netTotal"]["amount"])
