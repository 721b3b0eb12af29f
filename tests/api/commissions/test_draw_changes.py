"""Draws of people who change (issue 19, the gaps), through the API with hand-computed figures:
a draw in another currency than the statement's is converted at the dated rate (or the close
refused), each assignment's draw in a split period pays its days, and extending an assignment
extends the draws that ended with it.

Q1 2026 is Jan 1 - Mar 31: 90 days; Jan 1 - Feb 14 is 45 of them, Feb 15 - Mar 31 the other 45.
SVC-INST is 1,400.00 a day at Acme Manufacturing (in USD).
"""

from __future__ import annotations

from typing import Any

from tests.api.commissions.conftest import Commissions, base
from tests.api.commissions.test_draws_and_payments import DRAW, codes, money
from tests.api.commissions.test_draws_payments_gaps import (
    CLOSE,
    DRAWS,
    END_ASSIGNMENT,
    FIELDS,
    SET_RATE,
    draw_input,
    draw_rows,
    q3_then_q4,
    statement_count,
)
from tests.api.conftest import at_version

REP1, REP2 = "rep1@dealdesk.example", "rep2@dealdesk.example"
CONVERSIONS = """drawConversions { drawId fromCurrency rate validFrom
  original { amount currency } converted { amount currency } }"""
LIST = f"""query($period: ID) {{ commissionStatements(periodId: $period) {{
  edges {{ node {{ {FIELDS} {CONVERSIONS} }} }} }} }}"""


async def statement_of(comm: Commissions, period: dict, email: str = REP1) -> dict[str, Any]:
    data = await comm.finance.data(LIST, {"period": period["id"]})
    return next(
        e["node"]
        for e in data["commissionStatements"]["edges"]
        if e["node"]["rep"]["email"] == email
    )


async def set_rate(comm: Commissions, rate: str, valid_from: str) -> None:
    payload = {"fromCurrency": "USD", "toCurrency": "EUR", "rate": rate, "validFrom": valid_from}
    await comm.ops.succeeded(SET_RATE, {"input": payload}, "setExchangeRate")


async def test_a_dollar_draw_on_a_euro_statement_is_converted_at_the_rate_of_the_periods_first_day(
    comm: Commissions,
) -> None:
    """rep1 is on a USD plan through Sep 30 with a non-recoverable draw of 500.00 USD from Jul 1
    (open-ended), then on a 15 % EUR plan from Oct 1. Q3 pays the draw in dollars. Closing Q4
    without a USD to EUR rate is refused (EXCHANGE_RATE_MISSING), nothing written. With 0.9 from
    Sep 15 and 0.8 from Oct 2, the draw comes in at 0.9 (the rate on Oct 1): 450.00 EUR. The Nov
    10 deal (2 x SVC-INST, 2,800.00 USD) is credited at 0.8 (its close date): 2,240.00 EUR, 15 %
    = 336.00; the draw pays the 114.00 shortfall, 450.00 due."""
    dollars = await comm.plan([base("15")], name="Dollar plan")
    euros = await comm.plan([base("15")], name="Euro plan", currency="EUR")
    await comm.assign(dollars, REP1, end="2026-09-30")
    await comm.assign(euros, REP1, start="2026-10-01")
    rep1 = await comm.user(REP1)
    made = await comm.finance.succeeded(
        DRAW,
        draw_input(rep1, kind="NON_RECOVERABLE", startDate="2026-07-01"),
        "setCommissionDraw",
    )
    q3 = await comm.closed_period("2026-08-01")
    q3_rep1 = await statement_of(comm, q3)
    q4 = await comm.open_period("2026-11-01")
    issued = await statement_count(comm)
    refused = (await comm.finance.data(CLOSE, at_version(q4)))["closeCommissionPeriod"]
    unchanged = await statement_count(comm)
    await set_rate(comm, "0.9", "2026-09-15")
    await set_rate(comm, "0.8", "2026-10-02")
    await comm.won(("SVC-INST", 2), day="2026-11-10")
    await comm.close(q4)
    q4_rep1 = await statement_of(comm, q4)

    assert made["draw"]["amount"] == {"amount": "500.00", "currency": "USD"}
    assert q3_rep1["currency"] == "USD"
    assert [money(q3_rep1)[k] for k in ("earnedTotal", "drawPaid", "amountDue")] == [
        "0.00",
        "500.00",
        "500.00",
    ]
    assert q3_rep1["drawConversions"] == []
    assert [e["code"] for e in refused["userErrors"]] == ["EXCHANGE_RATE_MISSING"]
    assert "USD to EUR" in refused["userErrors"][0]["message"]
    assert "draw" in refused["userErrors"][0]["message"]
    assert unchanged == issued
    assert q4_rep1["currency"] == "EUR"
    assert money(q4_rep1) == {
        "earnedTotal": "336.00",
        "heldTotal": "0.00",
        "releasedTotal": "0.00",
        "carriedIn": "0.00",
        "drawPaid": "114.00",
        "drawRecovered": "0.00",
        "drawOutstanding": "0.00",
        "amountDue": "450.00",
        "carriedForward": "0.00",
        "previouslyPaid": "0.00",
        "balanceDue": "450.00",
    }
    [conversion] = q4_rep1["drawConversions"]
    draws = (await comm.finance.data(DRAWS, {"rep": rep1}))["commissionDraws"]["edges"]
    assert conversion["drawId"] == draws[0]["node"]["id"]
    assert (conversion["fromCurrency"], conversion["validFrom"]) == ("USD", "2026-09-15")
    assert conversion["rate"].rstrip("0") == "0.9"
    assert conversion["original"] == {"amount": "500.00", "currency": "USD"}
    assert conversion["converted"] == {"amount": "450.00", "currency": "EUR"}


async def test_each_assignments_draw_in_a_split_period_pays_its_days(comm: Commissions) -> None:
    """rep1 is on plan A (10 %) Jan 1 - Feb 14 with a recoverable draw of 900.00, then on plan B
    (5 %) from Feb 15 with one of 1,200.00, each belonging to its assignment. Q1 guarantees
    900.00 x 45/90 + 1,200.00 x 45/90 = 450.00 + 600.00 = 1,050.00 (not plan B's 1,200.00 alone).
    The Jan 20 deal (4 x SVC-INST, 5,600.00) earns 560.00 on plan A: the draws pay the 490.00
    shortfall, 1,050.00 due, 490.00 outstanding."""
    plan_a = await comm.plan([base("10")], name="Plan A")
    plan_b = await comm.plan([base("5")], name="Plan B")
    first = await comm.assign(plan_a, REP1, quota="9000", end="2026-02-14")
    second = await comm.assign(plan_b, REP1, quota="12000", start="2026-02-15")
    rep1 = await comm.user(REP1)
    for assignment, amount in ((first, "900.00"), (second, "1200.00")):
        await comm.finance.succeeded(
            DRAW,
            draw_input(rep1, amount=amount, assignmentId=assignment["id"]),
            "setCommissionDraw",
        )
    await comm.won(("SVC-INST", 4), day="2026-01-20")
    q1 = await comm.closed_period("2026-02-01")
    statement = await statement_of(comm, q1)

    assert [
        (e["node"]["startDate"], e["node"]["endDate"])
        for e in (await comm.finance.data(DRAWS, {"rep": rep1}))["commissionDraws"]["edges"]
    ] == [("2026-01-01", "2026-02-14"), ("2026-02-15", None)]
    assert [
        money(statement)[k]
        for k in ("earnedTotal", "drawPaid", "drawOutstanding", "amountDue", "balanceDue")
    ] == ["560.00", "490.00", "490.00", "1050.00", "1050.00"]
    assert statement["drawConversions"] == []


async def test_extending_an_assignment_extends_the_draws_that_ended_with_it(
    comm: Commissions,
) -> None:
    """rep1's assignment runs Jan 1 - Feb 14 with two draws of it: Jan 1 - Jan 31 (its own end)
    and Feb 1 onward (ending with the assignment, Feb 14). Extending the assignment to Mar 31
    moves the second draw's end with it and leaves the first. Q1 then pays 600.00 x 31/90 =
    206.67 and 900.00 x 59/90 (telescoped: 900.00 - 900.00 x 31/90 = 900.00 - 310.00) = 590.00:
    796.67 on nothing earned. rep2's assignment (to Feb 14, with its draw) cannot be extended
    into their own draw from Feb 15: OVERLAPPING_DRAWS, nothing changed."""
    plan = await comm.plan([base("10")])
    mine = await comm.assign(plan, REP1, end="2026-02-14")
    theirs = await comm.assign(plan, REP2, end="2026-02-14")
    rep1, rep2 = await comm.user(REP1), await comm.user(REP2)
    for given in (
        draw_input(rep1, amount="600.00", assignmentId=mine["id"], endDate="2026-01-31"),
        draw_input(rep1, amount="900.00", assignmentId=mine["id"], startDate="2026-02-01"),
        draw_input(rep2, assignmentId=theirs["id"]),
        draw_input(rep2, startDate="2026-02-15", currency="USD"),
    ):
        await comm.finance.succeeded(DRAW, given, "setCommissionDraw")
    extended = await comm.ops.succeeded(
        END_ASSIGNMENT,
        {"input": {"id": mine["id"], "end": "2026-03-31"}},
        "endCommissionAssignment",
    )
    before = await draw_rows(comm)
    overlapping = await comm.ops.mutate(END_ASSIGNMENT, {"id": theirs["id"], "end": "2026-03-31"})
    after = await draw_rows(comm)
    listed = (await comm.finance.data(DRAWS, {"rep": rep1}))["commissionDraws"]["edges"]
    q1 = await comm.closed_period("2026-02-01")
    statement = await statement_of(comm, q1)

    assert extended["assignment"]["end"] == "2026-03-31"
    assert [(e["node"]["startDate"], e["node"]["endDate"]) for e in listed] == [
        ("2026-01-01", "2026-01-31"),
        ("2026-02-01", "2026-03-31"),
    ]
    assert codes(overlapping) == ["OVERLAPPING_DRAWS"]
    assert overlapping["userErrors"][0]["field"] == ["input", "end"]
    assert after == before
    assert [money(statement)[k] for k in ("earnedTotal", "drawPaid", "amountDue")] == [
        "0.00",
        "796.67",
        "796.67",
    ]


async def test_a_non_recoverable_draw_pays_the_shortfall_and_is_never_recovered(
    comm: Commissions,
) -> None:
    """rep1 on a 15 % plan with a non-recoverable draw of 1,000.00 for Q3 only. Q3: 2 days of
    SVC-INST (2,800.00) earn 420.00, the draw pays the 580.00 shortfall, 1,000.00 due and
    nothing outstanding. Q4: 10 days (14,000.00) earn 2,100.00, all of it due: nothing is
    recovered (a recoverable draw would take back the 580.00)."""
    plan = await comm.plan([base("15")])
    await comm.assign(plan, REP1)
    rep1 = await comm.user(REP1)
    await comm.finance.succeeded(
        DRAW,
        draw_input(
            rep1,
            kind="NON_RECOVERABLE",
            amount="1000.00",
            startDate="2026-07-01",
            endDate="2026-09-30",
        ),
        "setCommissionDraw",
    )
    q3, q4 = await q3_then_q4(comm, q4_days=10)
    figures = ("earnedTotal", "drawPaid", "drawRecovered", "drawOutstanding", "amountDue")

    assert [money(await statement_of(comm, q3))[k] for k in figures] == [
        "420.00",
        "580.00",
        "0.00",
        "0.00",
        "1000.00",
    ]
    assert [money(await statement_of(comm, q4))[k] for k in figures] == [
        "2100.00",
        "0.00",
        "0.00",
        "0.00",
        "2100.00",
    ]
