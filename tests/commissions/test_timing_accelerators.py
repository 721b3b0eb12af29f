from datetime import date
from decimal import Decimal as D

from commission_builders import amounts_by_component, credits_of, deal, line, period_of
from commission_plans import BASE_15, plan

from commissions import (
    Edge,
    FiscalCalendar,
    Measure,
    PeriodKind,
    RateModifier,
    TimingAccelerator,
)

LAST_TWO_WEEKS = TimingAccelerator("qend", "Last two weeks of the quarter x1.2", D("1.2"), days=14)
FIRST_MONTH = TimingAccelerator(
    "qstart", "First month of the quarter x1.1", D("1.1"), edge=Edge.START, months=1
)


def paid(*components, close: date) -> dict:
    return amounts_by_component(
        period_of(plan(BASE_15, *components), credits_of(deal(close=close)))
    )


def test_a_deal_closed_in_the_last_two_weeks_of_the_quarter_earns_1_2_times():
    assert paid(LAST_TWO_WEEKS, close=date(2025, 3, 18)) == {
        "base": D("1500.00"),
        "qend": D("300.00"),
    }
    assert paid(LAST_TWO_WEEKS, close=date(2025, 3, 31)) == {
        "base": D("1500.00"),
        "qend": D("300.00"),
    }


def test_a_deal_closed_the_day_before_the_window_earns_the_plain_rate():
    assert paid(LAST_TWO_WEEKS, close=date(2025, 3, 17)) == {"base": D("1500.00")}


def test_a_first_month_accelerator_covers_the_whole_first_fiscal_month_only():
    assert paid(FIRST_MONTH, close=date(2025, 1, 31)) == {
        "base": D("1500.00"),
        "qstart": D("150.00"),
    }
    assert paid(FIRST_MONTH, close=date(2025, 2, 1)) == {"base": D("1500.00")}


def test_quarter_edges_follow_the_fiscal_calendar_not_the_civil_one():
    february_year = FiscalCalendar(first_month=2)
    q1 = february_year.period(PeriodKind.QUARTER, 2025, 1)  # Feb 1 - Apr 30, 2024

    def total(close: date) -> D:
        credits = credits_of(deal(close=close))
        return period_of(
            plan(BASE_15, LAST_TWO_WEEKS), credits, calendar=february_year, period=q1
        ).total

    assert total(date(2024, 4, 20)) == D("1800.00")
    assert total(date(2024, 3, 25)) == D("1500.00")


def test_an_accelerator_multiplies_the_commission_after_rate_modifiers():
    halve = RateModifier("disc", "Discount over 20%", Measure.DISCOUNT, D("0.5"), above=D("0.2"))
    result = period_of(
        plan(BASE_15, halve, LAST_TWO_WEEKS),
        credits_of(deal(line(amount="10000", discount="0.3"), close=date(2025, 3, 25))),
    )
    accelerator = next(x for x in result.lines if x.component_id == "qend")
    assert (accelerator.base, accelerator.amount) == (D("750.00"), D("150.00"))
    assert result.total == D("900.00")
