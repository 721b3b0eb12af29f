"""``Money``: an exact amount and its currency, rounded once, at output. Never a float.

The rule, stated in the SDL too: every ``Money.amount`` leaves the API rounded
half-up (ties away from zero) to its currency's ISO 4217 minor units, from
babel's data: 2 places for USD ("7600.00"), 0 for JPY ("1200"), 3 for BHD.
The engines compute at full precision and round at their own defined points
(a line's net, the quote discount, a commission component); this last rounding
only fixes the number of places shown. Catalog unit prices keep the precision
they are stored with (up to 6 places) and are built with ``Money.unit_price``;
their fields say so.
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Context, Decimal

import strawberry
from babel.numbers import get_currency_precision, is_currency

from schema.decimals import MAX_FRACTION_DIGITS
from schema.scalars import CurrencyCode

_CONTEXT = Context(prec=80)  # wider than any amount an engine produces: quantize never overflows
_MAX_PLACES = Decimal(1).scaleb(-MAX_FRACTION_DIGITS)


@functools.lru_cache(maxsize=512)
def minor_places(currency: str) -> int:
    """The currency's minor units (2 for USD, 0 for JPY, 3 for BHD); 2 for a code babel lacks.
    Remembered: babel's lookup scans its currency list, and a page shows hundreds of amounts."""
    return get_currency_precision(currency) if is_currency(currency) else 2


def round_to_minor_units(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half-up to ``currency``'s minor units, never "-0.00"."""
    rounded = amount.quantize(
        Decimal(1).scaleb(-minor_places(currency)), rounding=ROUND_HALF_UP, context=_CONTEXT
    )
    return rounded.copy_abs() if rounded.is_zero() else rounded


def unit_precision(amount: Decimal, currency: str) -> Decimal:
    """A unit price as stored (up to 6 places), shown with at least the currency's minor units:
    10.800000 USD → 10.80, 0.012500 USD → 0.0125."""
    fine = amount.quantize(_MAX_PLACES, rounding=ROUND_HALF_UP, context=_CONTEXT).normalize(
        _CONTEXT
    )
    exponent = fine.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent > -minor_places(currency):
        return round_to_minor_units(fine, currency)
    return fine


UNIT_PRICE_SCALE = (
    "rounded half-up to at most 6 decimal places, trailing zeros dropped but never fewer "
    'than the currency\'s minor units ("10.80" and "0.0125" USD, "1200" JPY)'
)
"""How a unit price is shown (``unit_precision``), for the descriptions of the fields that
follow it."""

PERCENT_SCALE = 'exactly 2 decimal places, rounded half-up ("12.50" is 12.5 %)'
WRITTEN_PERCENT_SCALE = 'exactly 4 decimal places, as written ("12.5000" is 12.5 %)'
"""How a percentage is shown (``schema.decimals.percent``), for the fields' descriptions."""


@strawberry.type(
    description=(
        "An exact amount of money. `amount` is a Decimal string rounded half-up "
        "(ties away from zero) to the currency's ISO 4217 minor units when it is shown: "
        '"7600.00" USD, "1200" JPY, "1.005" BHD. '
        "Totals are computed at full precision and rounded once at the defined points "
        "of the pricing waterfall and of commission crediting; "
        "unit prices that keep more precision say so on their field."
    )
)
class Money:
    amount: Decimal = strawberry.field(
        description="The amount as a Decimal string in plain notation (never exponent form): "
        "rounded to the currency's minor units, or for a field that says it is a unit price, "
        f"{UNIT_PRICE_SCALE}."
    )
    currency: CurrencyCode
    """The ISO 4217 currency of `amount`."""
    keep_unit_precision: strawberry.Private[bool] = False

    def __post_init__(self) -> None:
        if self.keep_unit_precision:
            self.amount = unit_precision(self.amount, self.currency)
        else:
            self.amount = round_to_minor_units(self.amount, self.currency)

    @classmethod
    def unit_price(cls, amount: Decimal, currency: str) -> Money:
        """A catalog unit price: up to 6 decimal places as stored, at least the minor units."""
        return cls(amount=amount, currency=CurrencyCode(currency), keep_unit_precision=True)


def money(amount: Decimal, currency: str) -> Money:
    """A total shown with exactly its currency's minor units (1232.00 USD, not 1232.000000)."""
    return Money(amount=amount, currency=CurrencyCode(currency))
