"""Quantity tiers chosen by the period's running total of units (``UnitTierMode``): a
hand-computed quarter for each mode, an estimate equal to the period's difference, and
invariants (monotone in units; marginal never pays more than the top amount per unit)."""

import dataclasses
from datetime import date, timedelta
from decimal import Decimal as D

from commission_builders import CALENDAR, credits_of, deal, line, period_of, widget_units
from commission_plans import plan
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import ComponentKind, UnitTierMode, estimate_deal

SETTINGS = settings(max_examples=120, deadline=None)
TABLE = widget_units(("10+", 10, 7), ("20+", 20, 9), tier_mode=UnitTierMode.MARGINAL)
RETRO = dataclasses.replace(TABLE, tier_mode=UnitTierMode.RETROACTIVE)


def _sales(*quantities: int | str) -> tuple:
    credits = ()
    for index, quantity in enumerate(quantities):
        sale = deal(
            line("L1", "W", "100", family="WIDGET", quantity=str(quantity)),
            deal_id=f"D{index}",
            close=date(2025, 2, 3) + timedelta(days=index),
        )
        credits += credits_of(sale)
    return credits


def _units(result) -> dict[tuple[str | None, bool], D]:
    found: dict[tuple[str | None, bool], D] = {}
    for pl in result.lines:
        if pl.kind is ComponentKind.UNIT_AMOUNT:
            key = (pl.tier, pl.credit_id is None)
            found[key] = found.get(key, D(0)) + pl.amount
    return found


def test_marginal_pays_the_units_beyond_each_start_at_that_tier_in_rating_order() -> None:
    # 8 units, then 6 (2 below 10, 4 beyond), then 12 (6 in 10+, 6 beyond 20): 26 units
    result = period_of(plan(TABLE), _sales(8, 6, 12))
    assert _units(result) == {
        (None, False): D("50.00"),  # 10 units x 5
        ("10+", False): D("70.00"),  # 10 units x 7
        ("20+", False): D("54.00"),  # 6 units x 9
    }
    second = [
        pl for pl in result.lines if pl.deal_id == "D1" and pl.kind is ComponentKind.UNIT_AMOUNT
    ]
    assert sorted((pl.tier or "", pl.quantity, pl.amount) for pl in second) == [
        ("", D(2), D("10.00")),
        ("10+", D(4), D("28.00")),
    ]


def test_retroactive_pays_every_unit_at_the_tier_the_period_reached() -> None:
    result = period_of(plan(RETRO), _sales(8, 6, 12))  # 26 units: all at 9
    assert _units(result) == {(None, False): D("130.00"), ("20+", True): D("104.00")}
    assert result.total == D("234.00")  # 26 x 9
    assert period_of(plan(RETRO), _sales(8, 1)).total == D("45.00")  # 9 units: no tier


def test_a_line_tier_table_still_judges_each_line_on_its_own() -> None:
    line_mode = dataclasses.replace(TABLE, tier_mode=UnitTierMode.LINE)
    assert period_of(plan(line_mode), _sales(8, 6, 12)).total == D(8 * 5 + 6 * 5 + 12 * 7)


def test_an_estimate_is_the_difference_the_deal_makes_to_the_period() -> None:
    for table in (TABLE, RETRO):
        before = period_of(plan(table), _sales(8, 6))
        new = deal(
            line("L1", "W", "100", family="WIDGET", quantity="12"),
            deal_id="NEW",
            close=date(2025, 3, 1),
        )
        estimate = estimate_deal(before.state, new, (plan(table),), CALENDAR)
        assert estimate.ok, estimate.refusals
        after = period_of(plan(table), _sales(8, 6) + credits_of(new))
        assert estimate.amount == after.total - before.total


quantities = st.lists(st.integers(min_value=1, max_value=15), min_size=1, max_size=6)


@SETTINGS
@given(quantities, st.integers(min_value=1, max_value=15))
def test_more_units_never_pay_less(sold: list[int], extra: int) -> None:
    for table in (TABLE, RETRO):  # amounts ascend with the tiers
        less = period_of(plan(table), _sales(*sold)).total
        more = period_of(plan(table), _sales(*sold, extra)).total
        assert more >= less


@SETTINGS
@given(quantities)
def test_marginal_never_pays_more_than_the_top_amount_per_unit(sold: list[int]) -> None:
    result = period_of(plan(TABLE), _sales(*sold))
    assert result.total <= D(9) * sum(sold)
    assert result.total >= D(5) * sum(sold)
    slices = [pl.quantity for pl in result.lines if pl.kind is ComponentKind.UNIT_AMOUNT]
    assert sum(slices) == sum(sold)  # every unit is paid once, in exactly one tier
