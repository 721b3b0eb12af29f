"""Returns of a sale made in a period split across assignments (issue 19, the gaps): the sale
stands on the part of its own assignment (``sale_part``), under its plan's cumulative unit
table and with that part's units only, so the units sold under the other assignment never
move what the return takes back.

Q1 2025 is Jan 1 - Mar 31: the rep is on plan A Jan 1 - Feb 14 and on plan B from Feb 15.
Both plans pay widgets 5 a unit, 7 from the 10th unit of the period, 9 from the 20th
(MARGINAL), plan B a base rate besides; a return lands in Q2, on plan B (the unit table's
lines are what the return takes back from the sale's part).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

from commission_builders import (
    CALENDAR,
    Q1,
    Q2,
    assignment,
    credits_of,
    deal,
    line,
    period_of,
    units_back,
)
from commission_plans import plan
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cumulative_unit_returns import partial_returns
from test_cumulative_unit_tiers import TABLE

from commissions import (
    BaseRate,
    Credit,
    compute_split_period,
    sale_part,
    stand_clawback,
)

SETTINGS = settings(max_examples=100, deadline=None)
PLAN_A = plan(TABLE, plan_id="A")
PLAN_B = plan(TABLE, BaseRate("base", "Base 5%", D("0.05")), plan_id="B")
PLANS = (PLAN_A, PLAN_B)
ON_A = assignment(quota="90000", plan_id="A", end=date(2025, 2, 14), assignment_id="A1")
ON_B = assignment(quota="120000", plan_id="B", start=date(2025, 2, 15), assignment_id="B1")


def _sales(prefix: str, first: date, quantities: list[int]) -> tuple[Credit, ...]:
    credits: tuple[Credit, ...] = ()
    for index, quantity in enumerate(quantities):
        sale = deal(
            line("L1", "W", "100", family="WIDGET", quantity=str(quantity)),
            deal_id=f"{prefix}{index}",
            close=first + timedelta(days=index),
        )
        credits += credits_of(sale)
    return credits


def _quarter(on_a: list[int], on_b: list[int]) -> tuple[Credit, ...]:
    return _sales("A", date(2025, 1, 20), on_a) + _sales("B", date(2025, 3, 2), on_b)


def _part_a_total(sold: tuple[Credit, ...]) -> D:
    return compute_split_period(PLANS, (ON_A, ON_B), sold, CALENDAR, Q1).parts[0].total


def _units_back(credits: tuple[Credit, ...]) -> D:
    """What the returns take back on the unit table in Q2, on plan B (its base rate aside)."""
    later = period_of(PLANS, credits, period=Q2, assigned=ON_B)
    return sum((pl.amount for pl in later.lines if pl.component_id == "units"), D(0))


def _return(
    sold: tuple[Credit, ...], ledger: tuple[Credit, ...], deal_id: str, units: int, rid: str
) -> tuple[Credit, ...]:
    back = units_back(ledger, deal_id, units, rid)
    sale_day = next(c.credit_date for c in sold if c.deal_id == deal_id)
    part = sale_part(PLANS, (ON_A, ON_B), sold, CALENDAR, Q1, sale_day)
    assert part is not None
    earlier = tuple(c for c in ledger if c.is_clawback)
    return tuple(stand_clawback(c, part.state, earlier, part.versions, CALENDAR) for c in back)


def test_a_return_stands_on_its_assignments_part_not_on_the_other_plans_units() -> None:
    """A sold 12 units (10 x 5 + 2 x 7 = 64), B sold 25 after the change. Returning 3 of A's
    takes back 2 x 7 + 1 x 5 = 19 (A's part: 12 -> 9 units), not 3 x 9 from B's 25."""
    sold = _quarter([12], [25])
    back = _return(sold, sold, "A0", 3, "R1")
    part = sale_part(PLANS, (ON_A, ON_B), sold, CALENDAR, Q1, date(2025, 1, 20))
    april = _units_back(back)

    assert part is not None and (part.first, part.last) == (date(2025, 1, 1), date(2025, 2, 14))
    assert [(s.component_id, s.units) for s in back[0].lines[0].units_standing or ()] == [
        ("units", D(12))
    ]
    assert _part_a_total(sold) == D("64.00")
    assert april == D("-19.00")
    assert _part_a_total(sold) + april == _part_a_total(_quarter([9], [25])) == D("45.00")


def test_a_sale_on_a_day_no_assignment_holds_has_no_part() -> None:
    gap = replace(ON_B, start=date(2025, 3, 1))
    assert sale_part(PLANS, (ON_A, gap), (), CALENDAR, Q1, date(2025, 2, 20)) is None


quantities = st.lists(st.integers(min_value=1, max_value=15), min_size=1, max_size=4)


@SETTINGS
@given(quantities, quantities, st.data())
def test_the_parts_sales_and_returns_equal_its_plan_on_the_units_kept_whatever_the_other_sold(
    on_a: list[int], on_b: list[int], data: st.DataObject
) -> None:
    sold = _quarter(on_a, on_b)
    kept = list(on_a)
    ledger = partial_returns(
        data, kept, sold, lambda so_far, i, k, rid: _return(sold, so_far, f"A{i}", k, rid)
    )
    later = _units_back(ledger[len(sold) :])
    assert _part_a_total(sold) + later == _part_a_total(_quarter(kept, on_b))
