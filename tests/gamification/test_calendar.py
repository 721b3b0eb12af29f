"""Periods are half-open local-date ranges: they tile time, in the rep's own zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissions.fiscal_calendar import FiscalCalendar, PeriodKind
from gamification.calendar import Grain, PeriodCalendar, local_day

BANGKOK = ZoneInfo("Asia/Bangkok")
NEW_YORK = ZoneInfo("America/New_York")
CALENDARS = st.builds(
    PeriodCalendar, st.integers(min_value=1, max_value=12), st.integers(min_value=0, max_value=6)
)
DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@given(CALENDARS, DAYS, st.sampled_from(Grain))
def test_every_day_is_in_exactly_one_period_and_periods_tile(
    calendar: PeriodCalendar, day: date, grain: Grain
) -> None:
    period = calendar.period_of(day, grain)
    assert period.contains(day)
    following = calendar.following(period)
    assert following.start == period.end
    assert calendar.previous(following) == period
    assert not following.contains(day)


def test_a_call_late_in_bangkok_counts_on_bangkoks_day_not_utcs() -> None:
    call = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)  # 00:30 on 1 December in Bangkok
    assert local_day(call, BANGKOK) == date(2026, 12, 1)
    assert local_day(call, UTC) == date(2026, 11, 30)
    december = PeriodCalendar().period_of(local_day(call, BANGKOK), Grain.MONTH)
    assert december.label == "FY2026-M12"
    start, _ = december.bounds(BANGKOK)
    assert start.astimezone(UTC) == datetime(2026, 11, 30, 17, 0, tzinfo=UTC)


def test_daylight_saving_days_are_23_and_25_hours_long() -> None:
    spring = PeriodCalendar().period_of(date(2026, 3, 8), Grain.DAY)
    autumn = PeriodCalendar().period_of(date(2026, 11, 1), Grain.DAY)
    start, end = spring.bounds(NEW_YORK)
    assert end - start == timedelta(hours=23)
    start, end = autumn.bounds(NEW_YORK)
    assert end - start == timedelta(hours=25)


def test_weeks_start_on_the_chosen_weekday() -> None:
    monday_weeks = PeriodCalendar(week_start=0).period_of(date(2026, 11, 29), Grain.WEEK)
    sunday_weeks = PeriodCalendar(week_start=6).period_of(date(2026, 11, 29), Grain.WEEK)
    assert (monday_weeks.start, monday_weeks.end) == (date(2026, 11, 23), date(2026, 11, 30))
    assert (sunday_weeks.start, sunday_weeks.end) == (date(2026, 11, 29), date(2026, 12, 6))


def test_leap_day_and_month_ends() -> None:
    calendar = PeriodCalendar()
    february = calendar.period_of(date(2028, 2, 29), Grain.MONTH)
    assert (february.start, february.end, february.days) == (date(2028, 2, 1), date(2028, 3, 1), 29)
    assert calendar.following(february).start == date(2028, 3, 1)
    assert calendar.period_of(date(2027, 12, 31), Grain.YEAR).end == date(2028, 1, 1)


def test_fiscal_quarters_follow_the_first_month_and_name_by_end_year() -> None:
    calendar = PeriodCalendar(fiscal_first_month=2)
    quarter = calendar.period_of(date(2026, 4, 30), Grain.QUARTER)
    assert (quarter.start, quarter.end, quarter.label) == (
        date(2026, 2, 1),
        date(2026, 5, 1),
        "FY2027-Q1",
    )
    assert calendar.period_of(date(2026, 1, 15), Grain.QUARTER).label == "FY2026-Q4"


def test_periods_between_lists_each_touched_period_once() -> None:
    weeks = PeriodCalendar().periods_between(date(2026, 11, 1), date(2026, 11, 30), Grain.WEEK)
    assert [week.start for week in weeks] == [
        date(2026, 10, 26),
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]


def test_naive_instants_and_bad_calendars_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_day(datetime(2026, 1, 1), BANGKOK)
    with pytest.raises(ValueError, match="week_start"):
        PeriodCalendar(week_start=7)
    with pytest.raises(ValueError, match="fiscal_first_month"):
        PeriodCalendar(fiscal_first_month=0)


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    first_month=st.integers(min_value=1, max_value=12),
    named_by_end_year=st.booleans(),
)
def test_labels_agree_with_the_commission_calendar_under_either_naming_rule(
    day: date, first_month: int, named_by_end_year: bool
) -> None:
    """A performance period and the commission period holding the same day carry one label,
    whichever civil year the organisation names its fiscal years by."""
    performance = PeriodCalendar(first_month, named_by_end_year=named_by_end_year)
    commission = FiscalCalendar(first_month, named_by_end_year)
    for grain, kind in (
        (Grain.MONTH, PeriodKind.MONTH),
        (Grain.QUARTER, PeriodKind.QUARTER),
        (Grain.YEAR, PeriodKind.YEAR),
    ):
        assert performance.period_of(day, grain).label == commission.period_of(day, kind).label
