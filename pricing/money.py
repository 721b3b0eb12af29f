"""Money and rounding: Decimal amounts, ISO 4217 minor units, half-up, applied once.

Amounts are rounded only at the points the engine defines (a line's extended net
amount, the quote discount); everything in between keeps full precision. To make
"full precision" true for long waterfalls, the engine computes inside
``PRICING_CONTEXT`` (60 significant digits), so additions and subtractions of the
amounts it produces are exact and the waterfall deltas add up to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from functools import cache

from babel.numbers import get_currency_precision, is_currency

PRICING_CONTEXT = Context(
    prec=60,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
"""Decimal context of the engine: wide enough that no step loses a digit."""

HUNDRED = Decimal(100)
ZERO = Decimal(0)
RATE_QUANTUM = Decimal("0.0001")
"""Percentages in results (discount %, margin %) are reported to 4 decimal places."""


class CurrencyMismatchError(ValueError):
    """Arithmetic between two currencies: a programmer error, the engine checks first."""


def is_known_currency(currency: str) -> bool:
    """Whether ``currency`` is an ISO 4217 code babel knows (case-sensitive)."""
    return is_currency(currency)


@cache
def minor_unit_quantum(currency: str) -> Decimal:
    """The smallest amount of ``currency``: 1 for JPY, 0.01 for USD, 0.001 for BHD."""
    return Decimal(1).scaleb(-get_currency_precision(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round ``amount`` to the currency's minor units, half-up (the house rule)."""
    return amount.quantize(minor_unit_quantum(currency), rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    """``percent`` % of ``amount``, exact (dividing by 100 only shifts the exponent)."""
    return amount * percent / HUNDRED


def ratio_percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to 4 places; None when ``whole`` is zero."""
    if not whole:
        return None
    return (part * HUNDRED / whole).quantize(RATE_QUANTUM, rounding=ROUND_HALF_UP)


def format_decimal(value: Decimal) -> str:
    """A Decimal for a human label: no exponent, no trailing zeros (12.50 → 12.5)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency; adding two currencies is refused, never converted."""

    amount: Decimal
    currency: str

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Zero in ``currency``, the start of a sum."""
        return cls(ZERO, currency)

    def _check(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def rounded(self) -> Money:
        """This amount rounded to the currency's minor units, half-up."""
        return Money(round_money(self.amount, self.currency), self.currency)

    def __str__(self) -> str:
        return f"{format(self.amount, 'f')} {self.currency}"
