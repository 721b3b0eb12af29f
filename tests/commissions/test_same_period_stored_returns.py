"""A return in its sale's period after a mid-period change of assignment, stored before such
returns were stood on their sale's part (no ``UnitsStanding.table`` on its lines): the period
re-derives it from its sale when computed (``stand_on_sale_parts``), so it takes back what the
sale paid, exactly as one stood when written.

Q1 2025: the rep is on plan A Jan 1 - Feb 14 and on plan B from Feb 15. Plan A pays 10 % of
revenue and widgets 5 a unit, 7 from the 10th unit of the period (MARGINAL); plan B pays 5 %
and a flat 20 a unit.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

from commission_builders import CALENDAR, Q1, assignment, credits_of, deal, line, units_back
from commission_plans import plan
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import (
    BaseRate,
    Credit,
    UnitAmount,
    UnitTier,
    UnitTierMode,
    compute_split_period,
    sale_part,
    stand_clawback,
)

A_UNITS = UnitAmount(
    "units",
    "Widgets",
    amount_per_unit=D(5),
    families=("WIDGET",),
    tiers=(UnitTier("10+", D(10), D(7)),),
    tier_mode=UnitTierMode.MARGINAL,
)
B_UNITS = replace(A_UNITS, amount_per_unit=D(20), tiers=(), tier_mode=UnitTierMode.LINE)
PLAN_A = plan(BaseRate("base", "Base 10%", D("0.10")), A_UNITS, plan_id="A")
PLAN_B = plan(BaseRate("base", "Base 5%", D("0.05")), B_UNITS, plan_id="B")
PLANS = (PLAN_A, PLAN_B)
ON_A = assignment(plan_id="A", end=date(2025, 2, 14), assignment_id="A1")
ON_B = assignment(plan_id="B", start=date(2025, 2, 15), assignment_id="B1")
HELD = (ON_A, ON_B)


def _sales(*quantities: int) -> tuple[Credit, ...]:
    out: tuple[Credit, ...] = ()
    for index, quantity in enumerate(quantities):
        widgets = line("L1", "W", "1000", family="WIDGET", quantity=str(quantity))
        out += credits_of(deal(widgets, deal_id=f"D{index}", close=date(2025, 1, 20 + index)))
    return out


def _back(ledger: tuple[Credit, ...], deal_id: str, units: int, rid: str, day: date) -> Credit:
    [claw] = units_back(ledger, deal_id, units, rid, day)
    return claw


def _stood(sold: tuple[Credit, ...], claw: Credit, earlier: tuple[Credit, ...]) -> Credit:
    """``claw`` stood on its sale's part, as the reversal stores it today."""
    part = sale_part(PLANS, HELD, sold, CALENDAR, Q1, date(2025, 1, 20))
    assert part is not None
    return stand_clawback(claw, part.state, earlier, part.versions, CALENDAR)


def test_a_stored_unstood_return_comes_back_at_the_sales_rules() -> None:
    """12 widgets (1,000.00) sold Jan 20 under A: 100.00 and 10 x 5 + 2 x 7 = 64.00. 3 come back Mar 1 under B, stored unstood: A's 10 % of 250.00 = 25.00 and
    A's table walked 12 -> 9 (2 x 7 + 1 x 5 = 19.00), not B's 5 % (12.50) and 3 x 20 (60.00)."""
    sold = _sales(12)
    claw = _back(sold, "D0", 3, "R1", date(2025, 3, 1))
    assert claw.lines[0].units_standing is None  # (as stored before)
    split = compute_split_period(PLANS, HELD, (*sold, claw), CALENDAR, Q1)

    assert [p.total for p in split.parts] == [D("164.00"), D("-44.00")]
    stood = compute_split_period(PLANS, HELD, (*sold, _stood(sold, claw, ())), CALENDAR, Q1)
    assert stood.result == split.result


@settings(max_examples=60, deadline=None)
@given(
    quantities=st.lists(st.integers(1, 15), min_size=1, max_size=4),
    returns=st.lists(
        st.tuples(st.integers(0, 3), st.integers(1, 5), st.integers(0, 40)), max_size=3
    ),
)
def test_stored_unstood_returns_close_as_if_they_had_been_stood(
    quantities: list[int], returns: list[tuple[int, int, int]]
) -> None:
    """Any sales under A and returns under B (partial, in order): the period computed from the
    unstood returns equals the one from the same returns stood when written."""
    sold = _sales(*quantities)
    ledger, unstood, stood = sold, (), ()
    left = dict(enumerate(quantities))
    for number, (which, units, days) in enumerate(returns):
        which %= len(quantities)
        units = min(units, left[which])
        if not units:
            continue
        left[which] -= units
        day = date(2025, 2, 15) + timedelta(days=days)
        claw = _back(ledger, f"D{which}", units, f"R{number}", day)
        ledger += (claw,)
        unstood += (claw,)
        stood += (_stood(sold, claw, stood),)
    as_stored = compute_split_period(PLANS, HELD, sold + unstood, CALENDAR, Q1)
    as_stood = compute_split_period(PLANS, HELD, sold + stood, CALENDAR, Q1)
    assert as_stored.result == as_stood.result
    assert sum(p.total for p in as_stored.parts[1:]) <= 0  # B's part only takes back
