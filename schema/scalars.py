"""Custom scalars. ``Decimal`` (serialized as a string) and ``DateTime`` (ISO 8601)
are strawberry's own; ``CurrencyCode`` is an ISO 4217 code checked against babel's data."""

from __future__ import annotations

from typing import NewType

import strawberry
from babel.numbers import list_currencies

_KNOWN_CURRENCIES = frozenset(list_currencies())


def parse_currency(value: object) -> str:
    code = str(value).strip().upper()
    if code not in _KNOWN_CURRENCIES:
        raise ValueError(f"'{value}' is not an ISO 4217 currency code")
    return code


CurrencyCode = NewType("CurrencyCode", str)

SCALAR_MAP = {
    CurrencyCode: strawberry.scalar(
        name="CurrencyCode",
        serialize=str,
        parse_value=parse_currency,
        description="An ISO 4217 currency code, e.g. USD, EUR, JPY.",
    )
}
