"""The forecast through GraphQL: calls by the rep, overrides by the manager (both kept,
the override used), totals per period and currency, and the change since last week."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from tests.api.forecast.conftest import FORECAST, OVERRIDE, SET, Team


def amount(quote: dict) -> Decimal:
    return Decimal(quote["netTotal"]["amount"])


async def test_a_managers_override_is_used_and_both_calls_are_shown(team: Team) -> None:
    first, second = await team.deal("2027-02-10"), await team.deal("2027-03-05", quantity=20)
    for quote in (first, second):
        await team.quotes.rep.succeeded(
            SET, {"input": {"quoteId": quote["id"], "category": "COMMIT"}}, "setForecastCategory"
        )

    overridden = await team.manager.succeeded(
        OVERRIDE,
        {
            "input": {
                "quoteId": second["id"],
                "category": "BEST_CASE",
                "note": "Procurement is slow",
            }
        },
        "overrideForecastCategory",
    )

    assert overridden["quote"]["forecastCall"] == {
        "repCategory": "COMMIT",
        "managerCategory": "BEST_CASE",
        "managerNote": "Procurement is slow",
        "category": "BEST_CASE",
        "manager": {"email": "east.manager@dealdesk.example"},
    }
    (period,) = (await team.manager.data(FORECAST, {"grain": "QUARTER"}))["forecast"]
    both = amount(first) + amount(second)
    totals = period["totals"]
    assert (period["label"], period["currency"]) == ("FY2027-Q1", "USD")
    assert Decimal(totals["commit"]["amount"]) == amount(first)
    assert Decimal(totals["bestCase"]["amount"]) == both
    assert Decimal(totals["pipeline"]["amount"]) == Decimal(totals["total"]["amount"]) == both
    assert Decimal(totals["weighted"]["amount"]) == both * Decimal("0.10")  # drafts: 10 %
    assert [
        (d["repCategory"], d["managerCategory"], d["category"], d["probabilityPercent"])
        for d in period["deals"]
    ] == [
        ("COMMIT", None, "COMMIT", "10.00"),
        ("COMMIT", "BEST_CASE", "BEST_CASE", "10.00"),
    ]
    months = (await team.quotes.rep.data(FORECAST, {"grain": "MONTH"}))["forecast"]
    assert [m["label"] for m in months] == ["FY2027-M02", "FY2027-M03"]


async def test_change_since_last_week_compares_with_the_history_of_seven_days_ago(
    team: Team,
) -> None:
    quote = await team.deal("2027-03-20")
    await team.quotes.rep.succeeded(
        SET, {"input": {"quoteId": quote["id"], "category": "COMMIT"}}, "setForecastCategory"
    )
    await team.age(quote, timedelta(days=10))  # all of that happened ten days ago

    moved = await team.move(quote, "2027-04-10", "Budget moved to Q2")
    await team.quotes.rep.succeeded(
        SET, {"input": {"quoteId": quote["id"], "category": "BEST_CASE"}}, "setForecastCategory"
    )

    q1, q2 = (await team.manager.data(FORECAST, {"grain": "QUARTER"}))["forecast"]
    value = amount(quote)
    assert moved["userErrors"] == []
    assert (q1["label"], q1["totals"]["total"]["amount"], q1["totals"]["deals"]) == (
        "FY2027-Q1",
        "0.00",
        0,
    )
    assert Decimal(q1["totals"]["slipped"]["amount"]) == value and q1["totals"]["slips"] == 1
    assert Decimal(q1["changeSinceLastWeek"]["total"]["amount"]) == -value
    assert Decimal(q1["changeSinceLastWeek"]["commit"]["amount"]) == -value
    assert Decimal(q1["changeSinceLastWeek"]["slipped"]["amount"]) == value
    assert q2["label"] == "FY2027-Q2"
    assert Decimal(q2["changeSinceLastWeek"]["bestCase"]["amount"]) == value
    assert Decimal(q2["changeSinceLastWeek"]["commit"]["amount"]) == 0


async def test_lost_deals_leave_the_forecast_and_reps_see_only_their_own(team: Team) -> None:
    mine = await team.deal("2027-02-10")
    theirs = await team.quotes.create(
        [await team.quotes.line("SW-SEC", 1)], expectedCloseDate="2027-02-11"
    )
    lost = await team.deal("2027-02-12")
    await team.quotes.do(
        "mutation($input: QuoteOutcomeInput!) { markQuoteLost(input: $input) { userErrors { code } } }",
        lost,
        reason="Went with a competitor",
    )

    rep2 = await team.user_id("rep2@dealdesk.example")
    (period,) = (await team.quotes.rep.data(FORECAST, {"grain": "YEAR"}))["forecast"]
    assert sorted(d["quote"]["id"] for d in period["deals"]) == sorted([mine["id"], theirs["id"]])
    assert (await team.other_rep.data(FORECAST, {"grain": "YEAR"}))["forecast"] == []
    assert (await team.manager.data(FORECAST, {"grain": "YEAR", "rep": rep2}))["forecast"] == []
    assert (await team.other_manager.data(FORECAST, {"grain": "YEAR"}))["forecast"] == []


async def test_bad_inputs_are_typed_errors_and_change_nothing(team: Team) -> None:
    quote = await team.deal("2027-02-10")
    east = await team.user_id("east.manager@dealdesk.example")

    async def errors(api, mutation: str, input: dict) -> list[tuple[str, list[str] | None]]:
        payload = await api.mutate(mutation, input)
        return [(e["code"], e["field"]) for e in payload["userErrors"]]

    # Another rep's quote looks missing; so does a quote outside a manager's team.
    assert await errors(team.other_rep, SET, {"quoteId": quote["id"], "category": "COMMIT"}) == [
        ("NOT_FOUND", ["input", "quoteId"])
    ]
    assert await errors(
        team.other_manager, OVERRIDE, {"quoteId": quote["id"], "category": "OMITTED"}
    ) == [("NOT_FOUND", ["input", "quoteId"])]
    # A malformed id is refused before anything runs; an id of another type looks missing.
    malformed = await team.quotes.rep(SET, {"input": {"quoteId": "bm9wZQ==", "category": "COMMIT"}})
    assert malformed["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert await errors(team.quotes.rep, SET, {"quoteId": east, "category": "COMMIT"}) == [
        ("NOT_FOUND", ["input", "quoteId"])
    ]
    # A rep may not override; an unknown category does not validate.
    rep_override = await team.quotes.rep(
        OVERRIDE, {"input": {"quoteId": quote["id"], "category": "COMMIT"}}
    )
    assert rep_override["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    unknown = await team.quotes.rep.post(
        SET, {"input": {"quoteId": quote["id"], "category": "MAYBE"}}
    )
    assert "MAYBE" in str(unknown.json()["errors"])
    # A malformed team id, or a team you may not see, is NOT_FOUND; a long note is INVALID.
    own = await team.manager(FORECAST, {"grain": "QUARTER", "team": "bm9wZQ=="})
    assert own["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    hidden = await team.other_manager(FORECAST, {"grain": "QUARTER", "team": east})
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert await errors(
        team.manager, OVERRIDE, {"quoteId": quote["id"], "category": "COMMIT", "note": "x" * 501}
    ) == [("INVALID", ["input", "note"])]

    call = (await team.manager.data(FORECAST, {"grain": "QUARTER"}))["forecast"][0]["deals"][0]
    assert (call["repCategory"], call["managerCategory"], call["category"]) == (
        None,
        None,
        "PIPELINE",
    )


async def test_the_forecast_reads_the_same_number_of_statements_for_one_deal_or_many(
    team: Team,
    statements,  # type: ignore[no-untyped-def]
) -> None:
    await team.deal("2027-02-10")
    statements.count = 0
    await team.manager.data(FORECAST, {"grain": "QUARTER"})
    one = statements.count
    for close in ("2027-02-11", "2027-05-12", "2027-08-13"):
        await team.deal(close)
    statements.count = 0
    await team.manager.data(FORECAST, {"grain": "QUARTER"})

    assert statements.count == one
