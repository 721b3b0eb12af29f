"""Money and rounding: Decimal amounts, ISO 4217 minor units, half-up, applied once.

Amounts are rounded only at the points the engine defines (a line's extended net
amount, the quote discount); everything in between keeps full precision. To make
"full precision" true for long waterfalls, the engine computes inside
``PRICING_CONTEXT`` (60 significant digits), so additions and subtractions of the
amounts it produces are exact and the waterfall deltas add up to the cent.
"""

from __future__ import annotations

from collections.abc import Callable
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
from functools import cache, lru_cache

from babel.numbers import get_currency_precision, is_currency

from pricing.values import quick_init, quick_new

PRICING_CONTEXT = Context(
    prec=60,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
"""Decimal context of the engine: wide enough that no step loses a digit."""
HALF_UP_CONTEXT = Context(
    prec=60,
    rounding=ROUND_HALF_UP,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
"""``PRICING_CONTEXT`` rounding half-up, for quantizing: ``HALF_UP_CONTEXT.quantize(x, q)``
is ``x.quantize(q, rounding=ROUND_HALF_UP, context=PRICING_CONTEXT)`` without parsing
keyword arguments, which cost more than the quantizing (the engine rounds a few times
per line)."""

HUNDRED = Decimal(100)
ZERO = Decimal(0)
RATE_QUANTUM = Decimal("0.0001")
"""Percentages in results (discount %, margin %) are reported to 4 decimal places."""


class CurrencyMismatchError(ValueError):
    """Arithmetic between two currencies: a programmer error, the engine checks first."""


@lru_cache(maxsize=256)
def is_known_currency(currency: str) -> bool:
    """Whether ``currency`` is an ISO 4217 code babel knows (case-sensitive; memoised)."""
    return is_currency(currency)


@cache
def minor_unit_places(currency: str) -> int:
    """How many decimal places ``currency``'s minor units have: 0 for JPY, 2 for USD."""
    return int(get_currency_precision(currency))


@cache
def minor_unit_quantum(currency: str) -> Decimal:
    """The smallest amount of ``currency``: 1 for JPY, 0.01 for USD, 0.001 for BHD."""
    return Decimal(1).scaleb(-minor_unit_places(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round ``amount`` to the currency's minor units, half-up (the house rule).

    Quantizes in ``PRICING_CONTEXT``, so any amount the engine can hold (up to 60
    significant digits) rounds instead of overflowing the default 28-digit context.
    """
    return HALF_UP_CONTEXT.quantize(amount, minor_unit_quantum(currency))


round_to: Callable[[Decimal, Decimal], Decimal] = HALF_UP_CONTEXT.quantize
"""``round_to(amount, minor_unit_quantum(currency))`` is ``round_money(amount, currency)``
(the context's bound method itself: a hot path that looked the quantum up once)."""


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    """``percent`` % of ``amount``, exact (dividing by 100 only shifts the exponent)."""
    return amount * percent / HUNDRED


def ratio_percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to 4 places; None when ``whole`` is zero.

    The ratio is taken in the current context (the engine's, while it prices), then
    rounded half-up in ``HALF_UP_CONTEXT``.
    """
    if not whole:
        return None
    return HALF_UP_CONTEXT.quantize(part * HUNDRED / whole, RATE_QUANTUM)


LABEL_PLACES = 10
"""A label shows at most this many decimal places (a rate of 12.3456789012% reads 12.3456789012)."""
LABEL_MAX_DIGITS = 40
"""Beyond this many integer digits a label switches to scientific notation."""
_LABEL_QUANTUM = Decimal(1).scaleb(-LABEL_PLACES)


def format_decimal(value: Decimal) -> str:
    """A Decimal for a human label: no trailing zeros (12.50 → 12.5), never O(exponent).

    Plain notation rounded half-up to ``LABEL_PLACES``; a value the engine could
    never produce from bounded inputs (not finite, or more than ``LABEL_MAX_DIGITS``
    integer digits) is shown in scientific notation, whose length is bounded by its
    digits, not by its exponent (``format(Decimal("1e-999999999"), "f")`` would build
    a billion zeros).
    """
    if not value.is_finite() or value.adjusted() > LABEL_MAX_DIGITS:
        return format(value, "E") if value.is_finite() else str(value)
    return _plain(value)


@lru_cache(maxsize=4096)
def _plain(value: Decimal) -> str:
    """``format_decimal`` of a finite value of at most ``LABEL_MAX_DIGITS`` integer digits.

    Memoised: the text depends on the value only (``12.5`` and ``12.50`` read ``12.5``),
    and labels repeat the same few rates and amounts on every line.
    """
    text = format(
        value.quantize(_LABEL_QUANTUM, rounding=ROUND_HALF_UP, context=PRICING_CONTEXT), "f"
    )
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


def _label(amount: Decimal, currency: str, shown: Callable[[Decimal], Decimal]) -> str:
    """``amount`` as ``shown`` rounds it, then the currency (never ``-0.00``); an amount
    that is not finite, too large, or in an unknown currency is written as it is."""
    if (
        not amount.is_finite()
        or amount.adjusted() > LABEL_MAX_DIGITS
        or not is_known_currency(currency)
    ):
        return f"{format_decimal(amount)} {currency}"
    value = shown(amount)
    return f"{format(value.copy_abs() if value.is_zero() else value, 'f')} {currency}"


def format_money(amount: Decimal, currency: str) -> str:
    """An amount for a message, in its currency's minor units: ``8.00 USD``, ``1200 JPY``."""
    return _label(amount, currency, lambda value: round_money(value, currency))


UNIT_PRICE_PLACES = 6
"""Unit prices keep up to 6 decimal places (``NUMERIC(18, 6)``), e.g. 0.0125 USD a message."""


def format_unit_price(amount: Decimal, currency: str) -> str:
    """A unit price for a message: at least the currency's minor units, up to
    ``UNIT_PRICE_PLACES`` where it has them (``8.00 USD``, ``7.996 USD``), so two
    different prices never read the same."""
    return _label(amount, currency, lambda value: _unit_price_places(value, currency))


def _unit_price_places(value: Decimal, currency: str) -> Decimal:
    """``value`` to ``UNIT_PRICE_PLACES``, trailing zeros dropped down to the minor units."""
    fine = value.quantize(
        Decimal(1).scaleb(-UNIT_PRICE_PLACES), rounding=ROUND_HALF_UP, context=PRICING_CONTEXT
    )
    trimmed = fine.normalize(PRICING_CONTEXT)
    if trimmed.as_tuple().exponent > minor_unit_quantum(currency).as_tuple().exponent:  # type: ignore[operator]
        return round_money(fine, currency)
    return trimmed


@quick_init
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
        """``8.00 USD``: rounded to minor units, for messages (never for arithmetic)."""
        return format_money(self.amount, self.currency)


new_money: Callable[[Decimal, str], Money] = quick_new(Money)
"""``Money(amount, currency)`` as a plain function (``quick_new``), for the engine's hot paths."""
