"""``schema.money``'s memoised helpers may share one entry between equal Decimals (10.8 and
10.800 hash and compare equal): that is exact only if the unmemoised result depends on the
value alone, digits and exponent included. Hypothesis checks it."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from schema.money import minor_places, round_to_minor_units, unit_precision

AMOUNTS = st.decimals(min_value=Decimal("-1000000000"), max_value=Decimal("1000000000"), places=6)
CURRENCIES = st.sampled_from(["USD", "JPY", "BHD", "EUR", "XXX-unknown"])


def _same(a: Decimal, b: Decimal) -> bool:
    return a.as_tuple() == b.as_tuple()


@given(AMOUNTS, st.integers(min_value=0, max_value=6), CURRENCIES)
def test_unit_precision_depends_on_the_value_alone(
    amount: Decimal, extra: int, currency: str
) -> None:
    padded = amount.quantize(Decimal(1).scaleb(amount.as_tuple().exponent - extra))  # type: ignore[operator]
    assert padded == amount
    plain = unit_precision.__wrapped__
    assert _same(plain(amount, currency), plain(padded, currency))
    assert _same(unit_precision(padded, currency), plain(amount, currency))


@given(AMOUNTS, CURRENCIES)
def test_rounding_uses_the_currencys_minor_units(amount: Decimal, currency: str) -> None:
    rounded = round_to_minor_units(amount, currency)
    assert rounded.as_tuple().exponent == -minor_places(currency)
    assert abs(rounded - amount) <= Decimal(1).scaleb(-minor_places(currency)) / 2
