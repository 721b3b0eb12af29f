"""The Decimal scalar's parse and serialize, and bounded decimals read back from storage."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.codec.approvals import decode
from db.codec.commissions import components_of
from schema.decimals import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, plain_text, stored_decimal
from schema.scalars import parse_date, parse_decimal, serialize_decimal

IN_BOUNDS = st.decimals(
    min_value=Decimal("-999999999999.999999"),
    max_value=Decimal("999999999999.999999"),
    places=MAX_FRACTION_DIGITS,
    allow_nan=False,
    allow_infinity=False,
)


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("12.5", "12.5"),
        ("-0.000001", "-0.000001"),
        ("999999999999.999999", "999999999999.999999"),
        ("007.50", "7.50"),
        (10, "10"),
        (2.5, "2.5"),
        ("-0", "0"),
        (" 3 ", "3"),
        ("+4.0", "4.0"),
    ],
)
def test_plain_decimals_within_the_bounds_are_accepted(value: object, parsed: str) -> None:
    assert serialize_decimal(parse_decimal(value)) == parsed


@given(IN_BOUNDS)
def test_every_decimal_within_the_bounds_round_trips_exactly(value: Decimal) -> None:
    text = serialize_decimal(value)

    assert "E" not in text and "e" not in text
    assert parse_decimal(text) == value


@given(st.text(max_size=80) | st.decimals().map(str) | st.floats().map(str))
def test_any_text_parses_to_a_bounded_finite_decimal_or_is_refused(text: str) -> None:
    try:
        value = parse_decimal(text)
    except ValueError:
        return
    assert value.is_finite()
    assert abs(value) < Decimal(10) ** MAX_INTEGER_DIGITS
    assert value == value.quantize(Decimal(1).scaleb(-MAX_FRACTION_DIGITS))


@pytest.mark.parametrize(
    "value", [True, None, [1], {"a": 1}, float("nan"), float("inf"), 1e300, 10**20]
)
def test_values_that_are_not_decimal_text_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        parse_decimal(value)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0E-10"), "0.0000000000"),
        (Decimal("1E+3"), "1000"),
        (Decimal("-0.00"), "0.00"),
        (Decimal("12.50"), "12.50"),
    ],
)
def test_decimals_are_served_in_plain_notation(value: Decimal, text: str) -> None:
    assert plain_text(value) == text


@pytest.mark.parametrize(
    "value", [Decimal("NaN"), Decimal("Infinity"), Decimal("1e-999999999"), Decimal("1e999999999")]
)
def test_serving_an_unbounded_decimal_is_refused_not_built(value: Decimal) -> None:
    with pytest.raises(ValueError):
        plain_text(value)


@pytest.mark.parametrize(
    "day", ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01", "2026-13-01", "", "x" * 100]
)
def test_dates_outside_the_supported_years_are_refused(day: str) -> None:
    with pytest.raises(ValueError):
        parse_date(day)


@pytest.mark.parametrize(
    "text", ["NaN", "sNaN", "Infinity", "-Infinity", "1e-99999999", "1e99999999"]
)
def test_a_stored_decimal_out_of_range_is_refused_when_read_back(text: str) -> None:
    with pytest.raises(ValueError):
        stored_decimal(text)
    with pytest.raises(ValueError):
        components_of([{"$type": "BaseRate", "component_id": "b", "label": "B", "rate": {"$decimal": text}}])
    with pytest.raises(ValueError):
        decode(Decimal, {"$decimal": text})


def test_stored_decimals_in_range_read_back_exactly() -> None:
    assert str(stored_decimal("0.1500")) == "0.1500"
    assert stored_decimal("0E-80") == 0
