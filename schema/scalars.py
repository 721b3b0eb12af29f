"""Custom scalars: ``Decimal``, ``Date``, ``DateTime`` and ``CurrencyCode``, bounded at the edge.

Every value a client sends is refused here, before any resolver runs, when it
could not be stored or would make arithmetic unbounded: a Decimal that is not a
plain positional number of at most ``MAX_INTEGER_DIGITS`` digits before the
point and ``MAX_FRACTION_DIGITS`` after it (the widest column, ``NUMERIC(18, 6)``),
a date or time outside the years ``MIN_YEAR``–``MAX_YEAR``. A refusal raises
``ValueError``, which graphql-core turns into a request error naming the
variable path and ``schema.error_codes`` marks ``BAD_USER_INPUT``; nothing
executes. Business ranges (a percentage from 0 to 100) are checked by each
mutation and answer ``INVALID`` userErrors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NewType

import dateutil.parser
import strawberry
from babel.numbers import list_currencies

from schema.decimals import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, plain_text

_KNOWN_CURRENCIES = frozenset(list_currencies())

MIN_YEAR = 1900
MAX_YEAR = 2199
"""Dates and times outside these years are refused: far beyond any deal or plan, and far
enough inside ``date.min``/``date.max`` that adding any bounded number of days is safe."""

_MAX_DECIMAL_TEXT = 64
_DECIMAL = re.compile(r"[+-]?(?P<int>[0-9]+)(?:\.(?P<frac>[0-9]+))?")
_MAX_DATE_TEXT = 64


def parse_currency(value: object) -> str:
    code = str(value).strip().upper()
    if code not in _KNOWN_CURRENCIES:
        raise ValueError(f"'{value}' is not an ISO 4217 currency code")
    return code


CurrencyCode = NewType("CurrencyCode", str)


def parse_decimal(value: object) -> Decimal:
    """A client's decimal: plain positional notation within the columns' precision, or ValueError.

    Accepts a string ("12.50"), or a JSON/GraphQL number (which is read through its
    shortest text). Refuses NaN, sNaN, infinities, exponent notation ("1e2") and more
    than ``MAX_INTEGER_DIGITS``/``MAX_FRACTION_DIGITS`` digits, in time proportional
    to the (bounded) length of the text, before anything converts it.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError('A Decimal is a string such as "12.50".')
    text = value.strip() if isinstance(value, str) else str(value)
    if len(text) > _MAX_DECIMAL_TEXT:
        raise ValueError(
            f"A Decimal has at most {MAX_INTEGER_DIGITS} digits before the point "
            f"and {MAX_FRACTION_DIGITS} after it."
        )
    match = _DECIMAL.fullmatch(text)
    if match is None:
        raise ValueError(
            f"'{text}' is not a decimal in plain notation such as \"12.50\" "
            "(no NaN, Infinity or exponent)."
        )
    if len(match["int"].lstrip("0")) > MAX_INTEGER_DIGITS:
        raise ValueError(f"A Decimal has at most {MAX_INTEGER_DIGITS} digits before the point.")
    if len((match["frac"] or "").rstrip("0")) > MAX_FRACTION_DIGITS:
        raise ValueError(f"A Decimal has at most {MAX_FRACTION_DIGITS} digits after the point.")
    parsed = Decimal(text)
    return parsed.copy_abs() if parsed.is_zero() else parsed  # no "-0"


def serialize_decimal(value: object) -> str:
    """Plain positional notation ("0.0000", "1200", never "0E-10" or "1E+3")."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise ValueError(f"Not a decimal: {value!r}")
    return plain_text(Decimal(value))


def _in_range(day: dt.date) -> None:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"A date is between {MIN_YEAR}-01-01 and {MAX_YEAR}-12-31.")


def parse_date(value: object) -> dt.date:
    """An ISO 8601 calendar date (YYYY-MM-DD) between ``MIN_YEAR`` and ``MAX_YEAR``."""
    if not isinstance(value, str) or len(value) > _MAX_DATE_TEXT:
        raise ValueError('A Date is a string such as "2026-11-30".')
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a date such as \"2026-11-30\".") from None
    _in_range(day)
    return day


_PLAIN_DATETIME = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)", re.ASCII
)
"""The usual spelling (RFC 3339 with at most microseconds), which the standard library parses
to the same instant as dateutil, several times faster (a batch holds a thousand of them)."""


def parse_datetime(value: object) -> dt.datetime:
    """An ISO 8601 date and time between ``MIN_YEAR`` and ``MAX_YEAR`` (UTC once converted)."""
    if not isinstance(value, str) or len(value) > _MAX_DATE_TEXT:
        raise ValueError('A DateTime is a string such as "2026-11-30T09:00:00Z".')
    try:
        moment = _plain_datetime(value) or dateutil.parser.isoparse(value)
    except (ValueError, OverflowError):
        raise ValueError(
            f"'{value}' is not a date and time such as \"2026-11-30T09:00:00Z\"."
        ) from None
    _in_range(moment)  # the year bound leaves room for any offset, so converting to UTC is safe
    return moment


def _plain_datetime(value: str) -> dt.datetime | None:
    """``value`` parsed by the standard library when it is spelled the usual way, else None
    (dateutil then parses, or refuses, it as before)."""
    if _PLAIN_DATETIME.fullmatch(value) is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None  # e.g. 24:00:00, which dateutil reads as the next midnight


def _isoformat(value: dt.date) -> str:
    return value.isoformat()


RFC_3339 = "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"
"""Where RFC 3339 defines ``full-date`` and ``date-time``: the ``@specifiedBy`` of Date and
DateTime."""
ISO_4217 = "https://www.iso.org/iso-4217-currency-codes.html"


def _iso_8601(name: str, parse: Callable[[object], object], what: str) -> Any:
    """A date or time scalar: RFC 3339 (the ISO 8601 profile) both ways, input within the
    years the API accepts."""
    return strawberry.scalar(
        name=name,
        serialize=_isoformat,
        parse_value=parse,
        description=f"{what} Input between the years {MIN_YEAR} and {MAX_YEAR}, else"
        " BAD_USER_INPUT naming the field.",
        specified_by_url=RFC_3339,
    )


SCALAR_MAP = {
    CurrencyCode: strawberry.scalar(
        name="CurrencyCode",
        serialize=str,
        parse_value=parse_currency,
        description=(
            "An ISO 4217 alphabetic currency code as a string, upper case: USD, EUR, JPY."
            " Input is trimmed and upper-cased; a code ISO 4217 does not list is"
            " BAD_USER_INPUT. Amounts in a currency are shown at its minor units"
            " (2 for USD, 0 for JPY, 3 for BHD) unless their field says otherwise."
        ),
        specified_by_url=ISO_4217,
    ),
    Decimal: strawberry.scalar(
        name="Decimal",
        serialize=serialize_decimal,
        parse_value=parse_decimal,
        description=(
            'An exact decimal number as a JSON string in plain positional notation: "1234.50",'
            ' "-0.75", "1200"; never a float, never an exponent ("1E+3"), never "-0".'
            " Parse it with a decimal type, not a binary float."
            " Output: each Decimal field states its scale (the digits after the point) in its"
            " description: money at its currency's minor units (`Money.amount`), percentages"
            ' with exactly 2 places ("12.50" is 12.5 %), rates and ratios stored as fractions'
            ' with exactly 6 ("0.052500"), unit prices with at least the minor units and at'
            " most 6 places."
            f" Input: a string (or a JSON number) with at most {MAX_INTEGER_DIGITS} digits"
            f" before the point and {MAX_FRACTION_DIGITS} after it, no exponent, NaN or"
            " Infinity (refused with BAD_USER_INPUT naming the field); a mutation refuses"
            " a value its field cannot hold (a percentage over 100) with an INVALID userError."
        ),
    ),
    dt.date: _iso_8601(
        "Date",
        parse_date,
        'A calendar date as a string, RFC 3339 `full-date` (YYYY-MM-DD): "2026-11-30". No time'
        " and no time zone: a day as the business calendar names it.",
    ),
    dt.datetime: _iso_8601(
        "DateTime",
        parse_datetime,
        "An instant as a string, RFC 3339 `date-time` with its offset:"
        ' "2026-11-30T09:00:00+00:00", with fractional seconds when the instant has them'
        ' ("2026-11-30T09:00:00.250000+00:00"). The server stores and answers UTC (offset'
        " +00:00); input may use any offset (or Z).",
    ),
}
