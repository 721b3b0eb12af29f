"""Credits in another currency than the plan's: dated rates, per-line rounding, clawbacks."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from commission_builders import CALENDAR, Q2, credits_of, deal, line, period_of
from commission_plans import BASE_10, plan
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import (
    ExchangeRate,
    ReasonCode,
    Reversal,
    ReversalKind,
    claw_back,
    convert_credit,
    estimate_deal,
    rate_on,
)

SETTINGS = settings(max_examples=150, deadline=None)
RATES = (
    ExchangeRate("EUR", "USD", D("1.10"), date(2025, 1, 1)),
    ExchangeRate("EUR", "USD", D("1.2"), date(2025, 2, 15)),
    ExchangeRate("USD", "EUR", D("0.9"), date(2025, 1, 1)),
)


def test_the_rate_valid_on_the_close_date_is_the_latest_from_on_or_before_it():
    assert rate_on(RATES, "EUR", "USD", date(2025, 2, 14)).rate == D("1.10")
    assert rate_on(RATES, "EUR", "USD", date(2025, 2, 15)).rate == D("1.2")
    assert rate_on(RATES, "EUR", "USD", date(2024, 12, 31)) is None
    assert rate_on(RATES, "EUR", "JPY", date(2025, 3, 1)) is None


def test_a_euro_credit_is_converted_per_line_and_keeps_its_original_amount_and_rate():
    sale = deal(
        line("L1", amount="1000.05"), line("L2", amount="333.33"), currency="EUR"
    )  # closes 2025-02-10: 1.10
    (credit,) = credits_of(sale)
    converted, problem = convert_credit(credit, "USD", RATES)
    assert problem is None
    assert [x.amount for x in converted.lines] == [D("1100.06"), D("366.66")]
    assert (converted.currency, converted.original_currency) == ("USD", "EUR")
    assert (converted.exchange_rate, converted.original_amount) == (D("1.10"), D("1333.38"))
    result = period_of(plan(BASE_10), (credit,), rates=RATES)
    assert result.total == D("146.67")  # 10 % of 1466.72


def test_a_missing_rate_refuses_the_period_and_the_estimate_never_skips_the_credit():
    (credit,) = credits_of(deal(currency="GBP"))
    result = period_of(plan(BASE_10), (credit,), rates=RATES)
    assert [(r.code, r.field) for r in result.refusals] == [
        (ReasonCode.EXCHANGE_RATE_MISSING, ("credits", credit.credit_id))
    ]
    assert result.lines == () and result.skipped == ()
    _, problem = convert_credit(credit, "USD", RATES)
    assert problem.code is ReasonCode.EXCHANGE_RATE_MISSING
    state = period_of(plan(BASE_10), ()).state
    estimate = estimate_deal(state, deal(currency="GBP"), (plan(BASE_10),), CALENDAR)
    assert [r.code for r in estimate.refusals] == [ReasonCode.EXCHANGE_RATE_MISSING]
    euros = estimate_deal(
        state, deal(currency="EUR", close=date(2025, 3, 1)), (plan(BASE_10),), CALENDAR, rates=RATES
    )
    assert euros.amount == D("1200.00")  # 10 000 EUR at 1.2


def test_a_clawback_of_a_converted_credit_uses_the_sale_rate_not_the_return_day_rate():
    (credit,) = credits_of(deal(line(amount="500"), currency="EUR"))
    converted, _ = convert_credit(credit, "USD", RATES)
    back = claw_back(
        (converted,), Reversal("R1", "D1", date(2025, 4, 2), ReversalKind.RETURNED)
    ).credits[0]
    assert back.exchange_rate == D("1.10") and back.original_amount == D(-500)
    assert period_of(plan(BASE_10), (back,), period=Q2, rates=RATES).total == D("-55.00")


AMOUNTS = st.integers(-(10**11), 10**11).map(lambda cents: D(cents) / 100)
RATE_VALUES = st.decimals(
    min_value=D("0.000001"), max_value=D(100000), places=6, allow_nan=False, allow_infinity=False
)


@SETTINGS
@given(
    st.lists(AMOUNTS.filter(bool), min_size=1, max_size=5),
    RATE_VALUES,
    st.sampled_from(["USD", "JPY", "BHD"]),
)
def test_converting_then_clawing_back_returns_to_zero(amounts, rate, plan_currency):
    lines = [line(f"L{i}", amount=a) for i, a in enumerate(amounts)]
    (credit,) = credits_of(deal(*lines, currency="EUR"))
    rates = (ExchangeRate("EUR", plan_currency, rate, date(2025, 1, 1)),)
    converted, _ = convert_credit(credit, plan_currency, rates)
    back = claw_back((converted,), Reversal("R", "D1", date(2025, 2, 20), ReversalKind.CANCELLED))
    mirror = back.credits[0]
    assert sum(x.amount for x in converted.lines) + sum(x.amount for x in mirror.lines) == 0
    assert converted.original_amount + mirror.original_amount == 0
    version = replace(plan(BASE_10), currency=plan_currency)
    assert period_of(version, (converted, *back.credits), rates=rates).total == 0


@SETTINGS
@given(st.sampled_from(["GBP", "CHF", "JPY"]), st.dates(date(2020, 1, 1), date(2030, 1, 1)))
def test_a_credit_no_rate_covers_is_always_detected(currency, rated_on):
    (credit,) = credits_of(deal(currency=currency))
    credit = replace(credit, rated_on=rated_on)
    converted, problem = convert_credit(credit, "USD", RATES)
    assert converted is None and problem.code is ReasonCode.EXCHANGE_RATE_MISSING


def test_a_converted_credit_read_for_another_plan_converts_from_the_deal_amounts():
    (credit,) = credits_of(deal(line(amount="100.01"), currency="EUR"))
    in_dollars, _ = convert_credit(credit, "USD", RATES)
    pounds = (ExchangeRate("EUR", "GBP", D("0.85"), date(2025, 1, 1)),)
    in_pounds, _ = convert_credit(in_dollars, "GBP", pounds)
    back, _ = convert_credit(in_dollars, "EUR", ())
    assert (in_pounds.lines[0].amount, in_pounds.exchange_rate) == (D("85.01"), D("0.85"))
    assert in_pounds.original_amount == D("100.01")
    assert back == credit
