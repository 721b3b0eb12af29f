"""Formatting amounts for labels and messages: plain, rounded as money, and never O(exponent)."""

from __future__ import annotations

import time
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pricing.money import (
    LABEL_MAX_DIGITS,
    LABEL_PLACES,
    Money,
    format_decimal,
    format_money,
    format_unit_price,
    round_money,
)

CURRENCIES = st.sampled_from(["USD", "JPY", "BHD", "EUR"])
ANY_DECIMAL = st.decimals(allow_nan=True, allow_infinity=True) | st.builds(
    lambda digits, exponent, sign: Decimal((sign, tuple(int(c) for c in str(digits)), exponent)),
    st.integers(min_value=0, max_value=10**30),
    st.integers(min_value=-999_999_999, max_value=999_999_999),
    st.integers(min_value=0, max_value=1),
)
AMOUNTS = st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=8)


@given(ANY_DECIMAL)
def test_labels_are_short_whatever_the_exponent(value: Decimal) -> None:
    started = time.perf_counter()
    text = format_decimal(value)

    assert len(text) <= LABEL_MAX_DIGITS + LABEL_PLACES + 40
    assert time.perf_counter() - started < 0.05


@given(ANY_DECIMAL, CURRENCIES)
def test_money_messages_are_short_whatever_the_exponent(value: Decimal, currency: str) -> None:
    assert len(format_money(value, currency)) <= LABEL_MAX_DIGITS + LABEL_PLACES + 45
    assert len(format_unit_price(value, currency)) <= LABEL_MAX_DIGITS + LABEL_PLACES + 45


@given(AMOUNTS, CURRENCIES)
def test_a_money_message_is_the_amount_rounded_half_up_to_minor_units(
    amount: Decimal, currency: str
) -> None:
    number, code = format_money(amount, currency).split(" ")

    assert code == currency
    assert "E" not in number
    assert Decimal(number) == round_money(amount, currency)
    assert (
        Decimal(number).as_tuple().exponent == round_money(Decimal(1), currency).as_tuple().exponent
    )
    assert str(Money(amount, currency)) == f"{number} {currency}"


@given(AMOUNTS, CURRENCIES)
def test_a_unit_price_keeps_up_to_six_places_and_at_least_the_minor_units(
    amount: Decimal, currency: str
) -> None:
    number = format_unit_price(amount, currency).split(" ")[0]

    assert "E" not in number
    assert Decimal(number) == amount.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    places = -Decimal(number).as_tuple().exponent  # type: ignore[operator]
    assert -round_money(Decimal(1), currency).as_tuple().exponent <= places <= 6  # type: ignore[operator]


@given(st.decimals(min_value=Decimal("-1e30"), max_value=Decimal("1e30"), places=LABEL_PLACES))
def test_a_label_reads_back_as_the_same_number(value: Decimal) -> None:
    text = format_decimal(value)

    assert "E" not in text
    assert Decimal(text) == value
    assert not ("." in text and text.endswith("0"))


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        ("7600.0000000000", "USD", "7600.00 USD"),
        ("1234.5", "JPY", "1235 JPY"),
        ("1.0005", "BHD", "1.001 BHD"),
        ("-0.001", "USD", "0.00 USD"),
        ("1e-999999999", "USD", "0.00 USD"),
    ],
)
def test_money_messages(amount: str, currency: str, text: str) -> None:
    assert format_money(Decimal(amount), currency) == text
