"""A return landing in a later period under another plan, or another table, is rated with the
fixed amounts per unit its *sale* was rated with (``UnitsStanding.table``, recorded by
``stand_clawback``), not the landing period's: it takes back exactly what the sale paid.

alice is on plan A to Mar 31, 2025 and on plan B from Apr 1. Plan A pays widgets 5 a unit,
7 from the 10th unit of the quarter, 9 from the 20th (MARGINAL, ``TABLE``). Q1 sells them
under A; the returns land in Q2, on plan B.
"""

import dataclasses
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from commission_builders import CALENDAR, Q2, assignment, period_of, units_back, widget_units
from commission_plans import plan
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cumulative_unit_returns import LINE, MARGINAL, RETRO, partial_returns
from test_cumulative_unit_tiers import _sales

from commissions import (
    BaseRate,
    ComponentKind,
    Credit,
    PlanVersion,
    UnitAmount,
    UnitsStanding,
    UnitTierMode,
    stand_clawback,
)

SETTINGS = settings(max_examples=100, deadline=None)
ON_A = assignment(plan_id="A", end=date(2025, 3, 31), assignment_id="A1")
ON_B = assignment(plan_id="B", start=date(2025, 4, 1), assignment_id="B1")
BASE_B = BaseRate("base", "Base 1%", D("0.01"))
"""Plan B's rate on revenue (a return of a sale on A, which has none, takes none back)."""
FLAT_20 = dataclasses.replace(widget_units(name="Widgets on B"), amount_per_unit=D(20))
"""Plan B's table: 20 a unit, no tiers (LINE), the same component id as A's."""
STEEP = widget_units(("5+", 5, 11), ("8+", 8, 13), tier_mode=UnitTierMode.MARGINAL)
"""Plan B's table: 5, 11 from the 5th unit, 13 from the 8th (MARGINAL)."""
OTHER = dataclasses.replace(FLAT_20, component_id="b-units")
"""A table of plan B's own (another component): it never paid A's sales."""


def _plans(a: UnitAmount, b: UnitAmount | None) -> tuple[PlanVersion, PlanVersion]:
    on_b = (BASE_B,) if b is None else (BASE_B, b)
    return plan(a, plan_id="A"), plan(*on_b, plan_id="B")


def _sale_period_total(table: UnitAmount, *quantities: int) -> D:
    return period_of(plan(table, plan_id="A"), _sales(*quantities), assigned=ON_A).total


def _return(
    plans: tuple[PlanVersion, PlanVersion],
    sold: tuple[Credit, ...],
    ledger: tuple[Credit, ...],
    deal_id: str,
    units: int,
    rid: str,
) -> tuple[Credit, ...]:
    """``units`` of ``deal_id``'s line come back on Apr 7 (Q2, plan B), stood on Q1 (plan A)."""
    back = units_back(ledger, deal_id, units, rid)
    state = period_of(plans[0], sold, assigned=ON_A).state
    assert state is not None
    earlier = tuple(c for c in ledger if c.is_clawback)
    return tuple(stand_clawback(c, state, earlier, (plans[0],), CALENDAR) for c in back)


def _units_back(plans: tuple[PlanVersion, PlanVersion], returns: tuple[Credit, ...]) -> D:
    """What the returns take back in Q2, on plan B, in fixed amounts per unit."""
    later = period_of(plans, returns, period=Q2, assigned=ON_B)
    return sum(
        (pl.amount for pl in later.lines if pl.kind is ComponentKind.UNIT_AMOUNT), start=D(0)
    )


def test_three_of_twelve_come_back_at_as_table_not_at_bs_flat_twenty() -> None:
    """A paid 12 units 10 x 5 + 2 x 7 = 64. Returning 3 walks A's quarter down from 12 to 9:
    2 x 7 + 1 x 5 = 19 back, not B's 3 x 20 = 60."""
    plans = _plans(MARGINAL, FLAT_20)
    sold = _sales(12)
    back = _return(plans, sold, sold, "D0", 3, "R1")
    later = period_of(plans, back, period=Q2, assigned=ON_B)
    pieces = sorted(
        (pl.component_id, pl.tier or "", pl.fixed_amount, pl.quantity, pl.amount)
        for pl in later.lines
        if pl.kind is ComponentKind.UNIT_AMOUNT
    )

    assert pieces == [
        ("units", "", D(5), D(-1), D("-5.00")),
        ("units", "10+", D(7), D(-2), D("-14.00")),
    ]
    assert _sale_period_total(MARGINAL, 12) == D("64.00")
    assert _sale_period_total(MARGINAL, 12) - D("19.00") == _sale_period_total(MARGINAL, 9)
    # A pays no rate on revenue, so the return takes none back: not B's 1 % of the 3/12 of
    # 100.00 returned (the rates, like the tables, are the sale's)
    assert [pl for pl in later.lines if pl.component_id == "base"] == []


def test_a_steeper_marginal_table_on_b_does_not_change_what_comes_back() -> None:
    """The same return with B paying 5 / 11 from the 5th / 13 from the 8th: still 19 (on B's
    table from A's standing of 12 it would be 3 x 13 = 39)."""
    plans = _plans(MARGINAL, STEEP)
    sold = _sales(12)
    assert _units_back(plans, _return(plans, sold, sold, "D0", 3, "R1")) == D("-19.00")


def test_a_retroactive_sale_comes_back_re_rated_on_as_table_under_bs_line_table() -> None:
    """A's table retroactive: 12 units reached 10+, all at 7 = 84. Returning 3 leaves 9, all at
    5 = 45: 39 back (3 x 7 + 9 x 2), whatever B's flat 20 says."""
    plans = _plans(RETRO, FLAT_20)
    sold = _sales(12)
    back = _units_back(plans, _return(plans, sold, sold, "D0", 3, "R1"))
    assert (_sale_period_total(RETRO, 12), back) == (D("84.00"), D("-39.00"))
    assert _sale_period_total(RETRO, 12) + back == _sale_period_total(RETRO, 9)


def test_no_unit_table_on_b_still_takes_back_what_a_paid() -> None:
    """Plan B pays no fixed amount per unit: A's 19 still come back (nothing did before)."""
    plans = _plans(MARGINAL, None)
    sold = _sales(12)
    assert _units_back(plans, _return(plans, sold, sold, "D0", 3, "R1")) == D("-19.00")


def test_a_table_of_bs_own_takes_nothing_back_from_as_sales() -> None:
    plans = _plans(LINE, OTHER)
    sold = _sales(12)  # A: every unit of a 12-unit line at 7 (LINE picks 10+) = 84
    later = period_of(plans, _return(plans, sold, sold, "D0", 3, "R1"), period=Q2, assigned=ON_B)
    assert {pl.component_id for pl in later.lines} == {"units"}  # (nor B's base rate)
    assert _units_back(plans, ()) == 0
    assert sum(pl.amount for pl in later.lines if pl.component_id == "units") == D("-21.00")


def test_a_clawback_stood_before_the_table_was_recorded_keeps_the_landing_table() -> None:
    """Stored before ``UnitsStanding.table``: its standing, on B's table (the old rule)."""
    plans = _plans(MARGINAL, STEEP)
    sold = _sales(12)
    [back] = _return(plans, sold, sold, "D0", 3, "R1")
    old = dataclasses.replace(
        back,
        lines=tuple(
            dataclasses.replace(ln, units_standing=(UnitsStanding("units", D(12)),))
            for ln in back.lines
        ),
    )
    assert _units_back(plans, (old,)) == D("-39.00")  # B's 13 a unit above its 8th


landing = st.sampled_from([FLAT_20, STEEP, OTHER, None])
quantities = st.lists(st.integers(min_value=1, max_value=15), min_size=1, max_size=4)
STAYED = replace(ON_A, end=None)
"""alice had she stayed on plan A: the landing period under the sale's own plan."""


@SETTINGS
@given(st.sampled_from([MARGINAL, RETRO, LINE]), landing, quantities, st.data())
def test_what_comes_back_does_not_depend_on_the_plan_it_lands_on(
    a: UnitAmount, b: UnitAmount | None, sold_units: list[int], data: st.DataObject
) -> None:
    """Whatever plan B's table (another amount, mode, component or none), the returns take
    back on B what they would on A, the plan that paid the sale."""
    plans = _plans(a, b)
    sold = _sales(*sold_units)
    ledger = partial_returns(
        data,
        list(sold_units),
        sold,
        lambda so_far, i, k, rid: _return(plans, sold, so_far, f"D{i}", k, rid),
    )
    returns = ledger[len(sold) :]
    on_a = period_of(plans, returns, period=Q2, assigned=STAYED).total
    assert _units_back(plans, returns) == on_a


@SETTINGS
@given(st.sampled_from([MARGINAL, RETRO]), landing, quantities, st.data())
def test_the_sale_period_and_its_later_returns_equal_as_table_on_the_units_kept(
    a: UnitAmount, b: UnitAmount | None, sold_units: list[int], data: st.DataObject
) -> None:
    """Under a cumulative table of A's, whatever B's: A's quarter plus what the returns take
    back on B equals A's quarter with only the units kept sold."""
    plans = _plans(a, b)
    sold = _sales(*sold_units)
    kept = list(sold_units)
    ledger = partial_returns(
        data, kept, sold, lambda so_far, i, k, rid: _return(plans, sold, so_far, f"D{i}", k, rid)
    )
    later = _units_back(plans, ledger[len(sold) :])
    assert _sale_period_total(a, *sold_units) + later == _sale_period_total(a, *kept)


def test_a_plan_revised_with_another_table_claws_back_at_the_sales_version() -> None:
    """One plan, revised: v1 (A's marginal table) to Mar 31, v2 (20 a unit) from Apr 1. The Q2
    return of 3 of 12 units walks v1's quarter down (19 back), not v2's 3 x 20 (the rules of
    the version in force on the sale's day, as a return on the same plan always was)."""
    v1 = plan(MARGINAL, plan_id="A", end=date(2025, 3, 31))
    v2 = plan(FLAT_20, plan_id="A", version=2, start=date(2025, 4, 1))
    stayed = replace(ON_A, end=None)
    sold = _sales(12)
    state = period_of((v1, v2), sold, assigned=stayed).state
    assert state is not None
    back = tuple(
        stand_clawback(c, state, (), (v1, v2), CALENDAR) for c in units_back(sold, "D0", 3, "R1")
    )
    assert period_of((v1, v2), back, period=Q2, assigned=stayed).total == D("-19.00")
