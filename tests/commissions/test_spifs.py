from datetime import date
from decimal import Decimal as D

from commission_builders import Q2, credits_of, deal, line, period_of
from commission_plans import BASE_10, plan, spif_on_y

from commissions import (
    Award,
    AwardKind,
    ComponentKind,
    Spif,
    SpifMeasure,
    Split,
)

TRIP = spif_on_y("trip", "10 Y this quarter: a trip", award="Team trip to Lisbon")


def sales_of_y(*units: int, start_day: int = 1):
    credits = ()
    for index, quantity in enumerate(units):
        credits += credits_of(
            deal(
                line(product="Y", amount=str(100 * quantity), quantity=str(quantity)),
                deal_id=f"D{index}",
                close=date(2025, 2, start_day + index),
            )
        )
    return credits


def half_year_quarters(q1_units: int):
    """Q1 and Q2 of a half-year cash SPIF: `q1_units` of Y sold in Q1, then 5 more in Q2."""
    half_year = spif_on_y(end=date(2025, 6, 30), kind=AwardKind.CASH, value=1000, award="Cash")
    versions = (plan(BASE_10, half_year),)
    q2_sales = credits_of(
        deal(line(product="Y", amount="500", quantity="5"), deal_id="Q2", close=date(2025, 5, 5))
    )
    q1 = period_of(versions, sales_of_y(q1_units))
    q2 = period_of(versions, q2_sales, period=Q2, carried_spifs=q1.spif_carry)
    return q1, q2


def test_ten_units_of_y_in_the_quarter_earn_the_trip_recorded_at_its_stated_value():
    result = period_of(plan(BASE_10, TRIP), sales_of_y(4, 6))
    (award,) = result.awards
    assert (award.kind, award.value, award.progress) == (AwardKind.NON_CASH, D(3000), D(10))
    assert result.non_cash_value == D(3000)
    assert result.total == D("100.00")  # the trip is not cash


def test_the_spif_is_awarded_once_even_when_twenty_units_are_sold():
    result = period_of(plan(BASE_10, TRIP), sales_of_y(10, 10))
    assert [a.component_id for a in result.awards] == ["trip"]
    assert result.non_cash_value == D(3000)


def test_nine_units_earn_nothing_but_the_progress_is_kept():
    result = period_of(plan(BASE_10, TRIP), sales_of_y(9))
    assert result.awards == ()
    assert result.state.spifs[0].progress == D(9)


def test_a_cash_spif_is_paid_as_a_line_in_the_total():
    cash = Spif(
        "cash",
        "Cloud 50k: 2,000",
        date(2025, 1, 1),
        date(2025, 3, 31),
        D(50000),
        Award(AwardKind.CASH, D(2000), "Cash bonus"),
        measure=SpifMeasure.AMOUNT,
        families=("CLOUD",),
    )
    result = period_of(plan(BASE_10, cash), credits_of(deal(line(amount="50000", family="CLOUD"))))
    spif = next(x for x in result.lines if x.kind is ComponentKind.SPIF)
    assert (spif.amount, spif.base, result.total) == (D("2000.00"), D(50000), D("7000.00"))


def test_units_sold_outside_the_window_do_not_count():
    late_window = spif_on_y(start=date(2025, 3, 1))
    result = period_of(plan(BASE_10, late_window), sales_of_y(10))
    assert result.awards == ()


def test_a_split_deal_counts_each_rep_their_share_of_the_units():
    sale = deal(line(product="Y", amount="1000", quantity="10"))
    credits = credits_of(sale, (Split("alice", D("0.5")), Split("bob", D("0.5"))))
    result = period_of(plan(BASE_10, TRIP), credits)
    assert result.state.spifs[0].progress == D(5)
    assert result.awards == ()


def test_progress_carries_into_the_next_period_of_a_window():
    q1, q2 = half_year_quarters(q1_units=6)
    assert q1.awards == ()
    assert [(a.component_id, a.progress) for a in q2.awards] == [("trip", D(11))]


def test_a_spif_paid_in_one_period_is_not_paid_again_in_the_next():
    q1, q2 = half_year_quarters(q1_units=12)
    assert [a.component_id for a in q1.awards] == ["trip"]
    assert q2.awards == ()
    assert q2.state.spifs[0].progress == D(17)
