"""Returns in a later period under a cumulative unit table (``UnitTierMode.MARGINAL`` and
``RETROACTIVE``): the clawback takes back exactly what the returned units made their sale's
period pay (``stand_clawback`` records where that period stands), so the sale's period plus
its later returns equals the plan applied to the units kept; returning everything gives back
everything. ``LINE`` tables keep the sale line's tier, as before."""

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal as D

from commission_builders import CALENDAR, Q2, credits_of, deal, line, period_of
from commission_plans import plan
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cumulative_unit_tiers import RETRO as RETRO_TABLE
from test_cumulative_unit_tiers import TABLE, _sales

from commissions import (
    ComponentKind,
    Credit,
    ReturnedUnits,
    Reversal,
    ReversalKind,
    UnitAmount,
    UnitTierMode,
    claw_back,
    stand_clawback,
)

SETTINGS = settings(max_examples=100, deadline=None)
MARGINAL, RETRO = TABLE, RETRO_TABLE  # 5 a unit, 7 from the 10th, 9 from the 20th
LINE = dataclasses.replace(MARGINAL, tier_mode=UnitTierMode.LINE)
MODES = st.sampled_from([MARGINAL, RETRO, LINE])


def _return(
    table: UnitAmount,
    sold: tuple[Credit, ...],
    ledger: tuple[Credit, ...],
    deal_id: str,
    units: int | None,
    rid: str,
    day: date = date(2025, 4, 7),
) -> tuple[Credit, ...]:
    """Return ``units`` of ``deal_id``'s line (None: all that is left) in Q2, stood on Q1."""
    parts = () if units is None else (ReturnedUnits("L1", D(units)),)
    result = claw_back(
        ledger, Reversal(rid, deal_id, day, ReversalKind.RETURNED, returned_units=parts)
    )
    assert result.ok, result.refusals
    state = period_of(plan(table), sold).state
    assert state is not None
    earlier = tuple(c for c in ledger if c.is_clawback)
    return tuple(
        stand_clawback(c, state, earlier, (plan(table),), CALENDAR) for c in result.credits
    )


def _paid(table: UnitAmount, *quantities: int) -> D:
    return period_of(plan(table), _sales(*quantities)).total


def test_marginal_three_of_twelve_units_take_back_the_top_of_the_two_bands() -> None:
    sold = _sales(12)  # 10 x 5 + 2 x 7 = 64
    back = _return(MARGINAL, sold, sold, "D0", 3, "R1")
    assert back[0].lines[0].units_standing is not None
    april = period_of(plan(MARGINAL), back, period=Q2)
    pieces = sorted((pl.tier or "", pl.quantity, pl.amount) for pl in april.lines)
    assert pieces == [("", D(-1), D("-5.00")), ("10+", D(-2), D("-14.00"))]
    assert _paid(MARGINAL, 12) + april.total == _paid(MARGINAL, 9) == D("45.00")


def test_marginal_walks_down_where_the_sale_period_stands_not_the_return_period() -> None:
    sold = _sales(8, 6, 12)  # 26 units: 50 + 70 + 54 = 174
    back = _return(MARGINAL, sold, sold, "D0", 3, "R1")
    # Q2 already sold 25 units: the old rule took back 3 x 9 from Q2's own top; now the
    # return takes back 3 x 9 from Q1's top (26 -> 23) whatever Q2 holds
    q2_sales = tuple(
        dataclasses.replace(c, credit_id=f"Q2-{c.credit_id}", deal_id=f"Q2-{c.deal_id}")
        for c in credits_of(
            deal(line("L1", "W", "100", family="WIDGET", quantity="4"), close=date(2025, 4, 2))
        )
    )
    april = period_of(plan(MARGINAL), q2_sales + back, period=Q2)
    assert april.total == D("20.00") - D("27.00")  # Q2's 4 units at 5, then 3 x 9 back
    assert _paid(MARGINAL, 8, 6, 12) - D("27.00") == _paid(MARGINAL, 5, 6, 12)


def test_retroactive_re_rates_the_sale_period_from_its_tier_down() -> None:
    sold = _sales(12)  # 12 x 7 = 84
    back = _return(RETRO, sold, sold, "D0", 3, "R1")
    april = period_of(plan(RETRO), back, period=Q2)
    by_tier = {(pl.tier, pl.fixed_amount): pl.amount for pl in april.lines}
    # the 3 units at 7 the period reached, then the 9 kept drop from 7 to 5: 2 x 9
    assert by_tier == {("10+", D(7)): D("-21.00"), (None, D(2)): D("-18.00")}
    assert _paid(RETRO, 12) + april.total == _paid(RETRO, 9) == D("45.00")
    assert not any(pl.credit_id is None for pl in april.lines)  # Q2's own total untouched


def test_line_tables_keep_the_tier_the_line_earned() -> None:
    sold = _sales(12)  # 12 x 7
    back = _return(LINE, sold, sold, "D0", 3, "R1")
    # no running total to stand on: the sale's table rides along (its tier is the line's)
    assert [(s.units, s.table) for s in back[0].lines[0].units_standing or ()] == [(D(0), LINE)]
    assert period_of(plan(LINE), back, period=Q2).total == D("-21.00")


def test_an_old_clawback_without_standing_keeps_the_old_rule() -> None:
    sold = _sales(12)
    result = claw_back(
        sold,
        Reversal(
            "R1", "D0", date(2025, 4, 5), ReversalKind.RETURNED, (), (ReturnedUnits("L1", D(3)),)
        ),
    )
    assert period_of(plan(MARGINAL), result.credits, period=Q2).total == D("-15.00")


quantities = st.lists(st.integers(min_value=1, max_value=15), min_size=1, max_size=5)


@SETTINGS
@given(MODES, quantities, st.data())
def test_selling_then_returning_everything_gives_back_everything(
    table: UnitAmount, sold_units: list[int], data: st.DataObject
) -> None:
    sold = _sales(*sold_units)
    ledger = sold
    order = data.draw(st.permutations(range(len(sold_units))))
    for step, index in enumerate(order):
        left = sold_units[index]
        while left:
            k = data.draw(st.integers(min_value=1, max_value=left))
            ledger += _return(table, sold, ledger, f"D{index}", k, f"R{step}-{left}")
            left -= k
    returns = ledger[len(sold) :]
    later = period_of(plan(table), returns, period=Q2)
    assert _paid(table, *sold_units) + later.total == 0
    assert all(pl.kind is ComponentKind.UNIT_AMOUNT for pl in later.lines)


@SETTINGS
@given(st.sampled_from([MARGINAL, RETRO]), quantities, st.data())
def test_the_sale_period_and_its_returns_equal_the_plan_on_the_units_kept(
    table: UnitAmount, sold_units: list[int], data: st.DataObject
) -> None:
    sold = _sales(*sold_units)
    kept = list(sold_units)
    ledger = partial_returns(
        data, kept, sold, lambda so_far, i, k, rid: _return(table, sold, so_far, f"D{i}", k, rid)
    )
    later = period_of(plan(table), ledger[len(sold) :], period=Q2)
    assert _paid(table, *sold_units) + later.total == _paid(table, *kept)


Returning = Callable[[tuple[Credit, ...], int, int, str], tuple[Credit, ...]]


def partial_returns(
    data: st.DataObject, kept: list[int], ledger: tuple[Credit, ...], back: Returning
) -> tuple[Credit, ...]:
    """``ledger`` and up to four drawn returns of part of a deal's units (``back(ledger, deal
    index, units, reversal id)``), never all of a deal's units; ``kept`` loses them."""
    for step in range(data.draw(st.integers(min_value=1, max_value=4))):
        index = data.draw(st.integers(min_value=0, max_value=len(kept) - 1))
        if kept[index] < 2:
            continue
        k = data.draw(st.integers(min_value=1, max_value=kept[index] - 1))
        ledger += back(ledger, index, k, f"R{step}")
        kept[index] -= k
    return ledger
