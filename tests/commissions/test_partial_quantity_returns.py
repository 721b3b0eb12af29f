"""Returning k of a line's n units (``Reversal.returned_units``): the clawback takes back what
those k units paid, per unit at the tier the sale earned; pieces add up to the whole line;
returned in the sale's own period, the period is the one where only n - k were sold."""

import dataclasses
from datetime import date
from decimal import Decimal as D

from commission_builders import Q2, credits_of, deal, line, period_of, widget_units
from commission_plans import BASE_10, plan
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import (
    ReasonCode,
    ReturnedUnits,
    Reversal,
    ReversalKind,
    Split,
    UnitTierMode,
    claw_back,
)

SETTINGS = settings(max_examples=120, deadline=None)
WIDGETS = widget_units(("10+", 10, 7), amount_per_deal=D(100))


def _sale(quantity: str = "12", amount: str = "1200"):
    return deal(line("L1", "W", amount, family="WIDGET", quantity=quantity))


def _return(credits, units: str | D, rid: str = "R1", day: date = date(2025, 4, 5)):
    return claw_back(
        credits,
        Reversal(
            rid, "D1", day, ReversalKind.RETURNED, returned_units=(ReturnedUnits("L1", D(units)),)
        ),
    )


def test_three_of_twelve_units_come_back_at_the_tier_the_twelve_earned() -> None:
    credits = credits_of(_sale())
    returned = _return(credits, "3")
    assert returned.ok, returned.refusals
    (claw,) = returned.credits
    assert not claw.completes_reversal  # 9 units still sold: the deal amount stays
    assert (claw.lines[0].quantity, claw.lines[0].amount, claw.lines[0].deal_quantity) == (
        D(-3),
        D("-300.00"),
        D(12),
    )
    april = period_of(plan(BASE_10, WIDGETS), returned.credits, period=Q2)
    by = {pl.component_id: pl.amount for pl in april.lines}
    assert by == {"base": D("-30.00"), "units": D("-21.00")}  # 3 x 7, not 3 x 5


def test_the_last_units_complete_the_reversal_and_more_are_refused() -> None:
    credits = credits_of(_sale())
    first = _return(credits, "5")
    rest = _return(credits + first.credits, "7", "R2")
    assert rest.ok and rest.credits[0].completes_reversal
    too_many = _return(credits + first.credits, "8", "R2")
    assert [r.code for r in too_many.refusals] == [ReasonCode.NOTHING_TO_CLAW_BACK]
    done = _return(credits + first.credits + rest.credits, "1", "R3")
    assert [r.code for r in done.refusals] == [ReasonCode.NOTHING_TO_CLAW_BACK]
    april = period_of(plan(BASE_10, WIDGETS), first.credits + rest.credits, period=Q2)
    sold = period_of(plan(BASE_10, WIDGETS), credits)
    assert april.total == -sold.total == D("-304.00")  # 120 + 12 x 7 + 100


def test_returned_in_the_same_period_the_units_were_never_sold() -> None:
    credits = credits_of(_sale())
    returned = _return(credits, "3", day=date(2025, 3, 1))
    same = period_of(plan(BASE_10, WIDGETS), credits + returned.credits)
    nine = period_of(plan(BASE_10, WIDGETS), credits_of(_sale("9", "900")))
    assert same.total == nine.total == D("235.00")  # 90 + 9 x 5 (below 10+) + 100
    assert same.reversed_in_period


quantities = st.integers(min_value=1, max_value=40)
SHARES = st.sampled_from([D(1), D("0.5"), D("0.25"), D("0.3333")])


@SETTINGS
@given(quantities, st.lists(st.integers(min_value=1, max_value=10), min_size=1), SHARES)
def test_pieces_claw_back_the_whole_line_exactly(n: int, pieces: list[int], share: D) -> None:
    splits = () if share == 1 else (Split("alice", share), Split("bob", 1 - share))
    credits = credits_of(_sale(str(n), "999.99"), splits)
    ledger = credits
    left = n
    for index, k in enumerate(pieces):
        if k >= left:
            break
        result = _return(ledger, str(k), f"R{index}")
        assert result.ok, result.refusals
        ledger += result.credits
        left -= k
    last = _return(ledger, str(left), "RX")
    ledger += last.credits
    clawbacks = ledger[len(credits) :]
    for credit in credits:
        mine = [c for c in clawbacks if c.reverses == credit.credit_id]
        assert sum(c.lines[0].amount for c in mine) == -credit.lines[0].amount
        assert sum(c.lines[0].quantity for c in mine) == -credit.lines[0].quantity
        assert [c.completes_reversal for c in mine][-1]


@SETTINGS
@given(st.integers(min_value=2, max_value=30), st.data())
def test_each_returned_unit_claws_back_what_a_unit_of_the_sale_earned(n: int, data) -> None:
    k = data.draw(st.integers(min_value=1, max_value=n - 1))
    credits = credits_of(_sale(str(n), "1000"))
    returned = _return(credits, str(k))
    units_only = dataclasses.replace(WIDGETS, amount_per_deal=D(0))
    sold = period_of(plan(units_only), credits).total
    back = period_of(plan(units_only), returned.credits, period=Q2).total
    assert back == -sold / n * k


def test_a_cumulative_table_claws_back_walking_the_running_total_down() -> None:
    marginal = dataclasses.replace(WIDGETS, tier_mode=UnitTierMode.MARGINAL, amount_per_deal=D(0))
    credits = credits_of(_sale("12"))
    returned = _return(credits, "3")
    # a clawback not stood on its sale's period (stored before ``units_standing``; see
    # test_cumulative_unit_returns for the rule now): next quarter stands at 0 units, so 3
    # units walk down from 0 below the first tier: 3 x 5 back (the sale paid 10 x 5 + 2 x 7)
    april = period_of(plan(marginal), returned.credits, period=Q2)
    assert april.total == D("-15.00")
