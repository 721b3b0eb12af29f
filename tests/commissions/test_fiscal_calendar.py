from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import FiscalCalendar, PeriodKind


def test_a_calendar_year_has_quarters_on_civil_quarter_boundaries():
    q3 = FiscalCalendar().period_of(date(2025, 8, 15), PeriodKind.QUARTER)
    assert (q3.start, q3.end, q3.label) == (date(2025, 7, 1), date(2025, 9, 30), "FY2025-Q3")


def test_a_february_fiscal_year_is_named_after_the_year_it_ends_in():
    calendar = FiscalCalendar(first_month=2)
    q1 = calendar.period_of(date(2024, 3, 10), PeriodKind.QUARTER)
    assert (q1.start, q1.end, q1.label) == (date(2024, 2, 1), date(2024, 4, 30), "FY2025-Q1")
    assert calendar.period_of(date(2025, 1, 31), PeriodKind.YEAR).label == "FY2025"


def test_an_april_fiscal_year_puts_january_in_its_fourth_quarter():
    q4 = FiscalCalendar(first_month=4, named_by_end_year=False).period_of(
        date(2025, 1, 5), PeriodKind.QUARTER
    )
    assert (q4.fiscal_year, q4.index, q4.start, q4.end) == (
        2024,
        4,
        date(2025, 1, 1),
        date(2025, 3, 31),
    )


def test_fiscal_months_are_numbered_from_the_first_fiscal_month():
    month = FiscalCalendar(first_month=10).period_of(date(2025, 2, 14), PeriodKind.MONTH)
    assert (month.index, month.start, month.end) == (5, date(2025, 2, 1), date(2025, 2, 28))


@settings(max_examples=150, deadline=None)
@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    first_month=st.integers(1, 12),
    kind=st.sampled_from(PeriodKind),
    by_end=st.booleans(),
)
def test_periods_contain_their_dates_tile_the_timeline_and_can_be_looked_up_by_name(
    day, first_month, kind, by_end
):
    calendar = FiscalCalendar(first_month, by_end)
    period = calendar.period_of(day, kind)
    following = calendar.period_of(period.end + timedelta(days=1), kind)
    assert period.contains(day)
    assert following.start == period.end + timedelta(days=1)
    assert calendar.period(kind, period.fiscal_year, period.index) == period
