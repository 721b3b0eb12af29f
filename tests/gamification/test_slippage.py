"""A slip is a close date moved into a later fiscal quarter; nothing else is."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gamification.calendar import Grain, PeriodCalendar
from gamification.slippage import detect_slippage

CALENDARS = st.builds(PeriodCalendar, st.integers(min_value=1, max_value=12))
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
AMOUNT = Decimal("1200.50")
FEBRUARY_YEAR = PeriodCalendar(fiscal_first_month=2)


def test_a_move_into_the_next_fiscal_quarter_is_a_slip_with_its_periods_and_amount() -> None:
    slip = detect_slippage(date(2026, 4, 30), date(2026, 5, 1), AMOUNT, FEBRUARY_YEAR)

    assert slip is not None
    assert (slip.from_period.label, slip.to_period.label) == ("FY2027-Q1", "FY2027-Q2")
    assert (slip.from_date, slip.to_date, slip.amount, slip.quarters) == (
        date(2026, 4, 30),
        date(2026, 5, 1),
        AMOUNT,
        1,
    )


def test_a_move_within_the_quarter_earlier_or_a_first_date_is_no_slip() -> None:
    assert detect_slippage(date(2026, 2, 1), date(2026, 4, 30), AMOUNT, FEBRUARY_YEAR) is None
    assert detect_slippage(date(2026, 8, 1), date(2026, 3, 1), AMOUNT, FEBRUARY_YEAR) is None
    assert detect_slippage(None, date(2027, 3, 1), AMOUNT, FEBRUARY_YEAR) is None


def test_a_move_across_a_fiscal_year_counts_every_quarter_slipped() -> None:
    slip = detect_slippage(date(2026, 12, 15), date(2027, 6, 1), AMOUNT, PeriodCalendar())

    assert slip is not None
    assert (slip.from_period.label, slip.to_period.label, slip.quarters) == (
        "FY2026-Q4",
        "FY2027-Q2",
        2,
    )


@given(CALENDARS, DAYS, st.integers(min_value=-800, max_value=800))
def test_a_slip_exactly_when_the_new_quarter_starts_later(
    calendar: PeriodCalendar, before: date, days: int
) -> None:
    after = before + timedelta(days=days)
    slip = detect_slippage(before, after, AMOUNT, calendar)
    later = (
        calendar.period_of(after, Grain.QUARTER).start
        > calendar.period_of(before, Grain.QUARTER).start
    )

    assert (slip is not None) == later
    if slip is not None:
        assert slip.from_period.contains(before) and slip.to_period.contains(after)
        assert slip.quarters >= 1
        assert slip.quarters == len(calendar.periods_between(before, after, Grain.QUARTER)) - 1
