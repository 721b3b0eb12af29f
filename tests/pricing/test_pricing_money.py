"""Money: Decimal amounts, ISO 4217 minor units, half-up, rounded once per line."""

from decimal import Decimal

import pytest
from pricing_test_data import book, d, line, product, request, step_of

from pricing import CurrencyMismatchError, Money, PercentOff, StepKind, price_quote, round_money


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("1234.5", "JPY", "1235"),
        ("1234.49", "JPY", "1234"),
        ("1.005", "USD", "1.01"),
        ("2.675", "USD", "2.68"),
        ("-1.005", "USD", "-1.01"),
        ("1.0005", "BHD", "1.001"),
        ("1.0004", "BHD", "1.000"),
    ],
)
def test_round_money_rounds_half_up_to_the_currency_minor_units(
    amount: str, currency: str, expected: str
) -> None:
    rounded = round_money(d(amount), currency)
    assert rounded == d(expected)
    assert rounded.as_tuple().exponent == d(expected).as_tuple().exponent


def test_money_adds_and_subtracts_within_one_currency() -> None:
    total = Money(d("10.50"), "USD") + Money(d("0.25"), "USD") - Money(d("1"), "USD")
    assert total == Money(d("9.75"), "USD")
    assert -total == Money(d("-9.75"), "USD")


def test_money_refuses_to_mix_currencies() -> None:
    with pytest.raises(CurrencyMismatchError):
        Money(d("1"), "USD") + Money(d("1"), "EUR")
    with pytest.raises(CurrencyMismatchError):
        Money(d("1"), "USD") - Money(d("1"), "JPY")


def test_money_rounded_keeps_the_currency() -> None:
    assert Money(d("1.0005"), "BHD").rounded() == Money(d("1.001"), "BHD")
    assert Money.zero("JPY") == Money(Decimal(0), "JPY")


@pytest.mark.parametrize(
    ("currency", "net", "rounding_delta"),
    [("JPY", "1000", "-0.005"), ("USD", "1000.01", "0.005"), ("BHD", "1000.005", None)],
)
def test_line_net_is_rounded_once_to_the_currency_with_a_rounding_step(
    currency: str, net: str, rounding_delta: str | None
) -> None:
    # 3 × 333.335 = 1000.005 exactly: each currency rounds it differently.
    priced = price_quote(
        request(
            [line("l1", "p", 3)],
            [product("p")],
            books=[book("std", {"p": "333.335"}, currency=currency)],
            currency=currency,
        )
    ).line("l1")
    assert priced.net_amount == Money(d(net), currency)
    assert priced.list_unit_price == d("333.335")  # unit prices keep full precision
    if rounding_delta is None:
        assert all(step.kind is not StepKind.ROUNDING for step in priced.steps)
    else:
        assert step_of(priced, StepKind.ROUNDING).amount_delta == d(rounding_delta)


def test_percentage_discounts_keep_full_precision_until_the_rounding_step() -> None:
    # 7 × 9.99 = 69.93; 12.5 % off → 61.18875 (not 61.19 until rounding).
    priced = price_quote(
        request(
            [line("l1", "p", 7, discount=PercentOff(d("12.5")))],
            [product("p")],
            books=[book("std", {"p": "9.99"})],
        )
    ).line("l1")
    assert step_of(priced, StepKind.LINE_DISCOUNT).amount_after == d("61.18875")
    assert step_of(priced, StepKind.ROUNDING).amount_delta == d("0.00125")
    assert priced.net_amount == Money(d("61.19"), "USD")
