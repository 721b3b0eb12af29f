"""A return dated while the rep holds no assignment (between two of them): it is never dropped.

New clawbacks land on the next assignment's first day when written (``gap_owner``); one stored
in a gap before that rule goes, when the period is computed, to the next part of the period
(dated on its first day), else to the part before it (dated on its last day). A rep who left
is not in a gap: their plan's clawback window decides, as before.

Q1 2025: the rep is on plan A (10 %) Jan 1 - Jan 31, on nothing Feb 1 - Feb 14, on plan B
(5 %) from Feb 15. A sale of 10,000.00 on Jan 20 is returned on Feb 5.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

from commission_builders import CALENDAR, Q1, assignment, credits_of, deal
from commission_plans import plan
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import (
    BaseRate,
    Departure,
    Reversal,
    ReversalKind,
    claw_back,
    compute_split_period,
    gap_owner,
    sale_part,
    stand_clawback,
)

PLAN_A = plan(BaseRate("base", "Base 10%", D("0.10")), plan_id="A")
PLAN_B = plan(BaseRate("base", "Base 5%", D("0.05")), plan_id="B")
ON_A = assignment(plan_id="A", end=date(2025, 1, 31), assignment_id="A1")
ON_B = assignment(plan_id="B", start=date(2025, 2, 15), assignment_id="B1")
SOLD = credits_of(deal(close=date(2025, 1, 20)))


def _back(day: date) -> tuple:
    result = claw_back(SOLD, Reversal("R1", "D1", day, ReversalKind.RETURNED))
    assert result.ok
    return result.credits


def test_the_next_assignment_owns_a_day_in_the_gap() -> None:
    assert gap_owner((ON_A, ON_B), date(2025, 2, 5)) == ON_B
    assert gap_owner((ON_A, ON_B), date(2025, 1, 31)) is None  # A is in force
    assert gap_owner((ON_A,), date(2025, 2, 5)) is None  # none follows: the rep left
    assert gap_owner((ON_B,), date(2025, 1, 5)) == ON_B  # before the first one


def test_a_stored_return_in_the_gap_lands_on_the_next_part() -> None:
    """A pays 1,000.00; the return (stored on Feb 5, unstood) is taken back by B's part, dated
    Feb 15, not dropped, at A's 10 % (re-derived from its sale, ``stand_on_sale_parts``)."""
    split = compute_split_period(
        (PLAN_A, PLAN_B), (ON_A, ON_B), SOLD + _back(date(2025, 2, 5)), CALENDAR, Q1
    )
    assert [p.total for p in split.parts] == [D("1000.00"), D("-1000.00")]
    assert split.result.skipped == ()


def test_with_no_part_after_it_the_return_lands_on_the_part_before() -> None:
    """B starts in Q2: Q1 holds only A's part; a return on Feb 5 goes to it (dated Jan 31),
    and cancels the sale there."""
    later_b = replace(ON_B, start=date(2025, 4, 1))
    split = compute_split_period(
        (PLAN_A, PLAN_B), (ON_A, later_b), SOLD + _back(date(2025, 2, 5)), CALENDAR, Q1
    )
    assert [p.total for p in split.parts] == [D("0.00")]
    assert split.result.skipped == ()


def test_a_leaver_outside_the_window_is_still_not_clawed_back() -> None:
    """The rep left on Jan 31 (no B) with a 3-day window: a return on Feb 5 is the company's."""
    gone = Departure("alice", date(2025, 1, 31), 3)
    split = compute_split_period(
        (PLAN_A,), (ON_A,), SOLD + _back(date(2025, 2, 5)), CALENDAR, Q1, departure=gone
    )
    assert split.result.total == D("1000.00")
    assert len(split.result.skipped) == 1


@settings(max_examples=60, deadline=None)
@given(gap_start=st.integers(0, 30), gap_days=st.integers(1, 80), offset=st.integers(0, 79))
def test_a_return_anywhere_in_a_gap_takes_the_sale_back_in_full(
    gap_start: int, gap_days: int, offset: int
) -> None:
    """Whatever the gap and the day in it, the return stood on its sale's part (as the
    reversal stores it) takes back all the sale paid: the period nets to zero, nothing is
    dropped, whether B starts in the quarter (B's part takes it at A's 10 %) or after it (A's
    part, where it cancels)."""
    a_end = date(2025, 1, 21) + timedelta(days=gap_start)
    b_start = a_end + timedelta(days=gap_days + 1)
    day = min(a_end + timedelta(days=1 + min(offset, gap_days - 1)), Q1.end)
    on_a = replace(ON_A, end=a_end)
    on_b = replace(ON_B, start=b_start)
    plans, held = (PLAN_A, PLAN_B), (on_a, on_b)
    part = sale_part(plans, held, SOLD, CALENDAR, Q1, SOLD[0].credit_date)
    assert part is not None
    back = tuple(stand_clawback(c, part.state, (), part.versions, CALENDAR) for c in _back(day))
    split = compute_split_period(plans, held, SOLD + back, CALENDAR, Q1)
    assert split.result.skipped == ()
    assert not split.result.refusals
    assert split.result.total == 0
