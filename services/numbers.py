"""Business ranges of numeric inputs: percentages, rates, multipliers, amounts, day counts.

The ``Decimal`` scalar already refused anything that is not a plain number
within ``NUMERIC(18, 6)``; these checks refuse what is a number but not a
sensible one for its field (a discount of 250 %, a quota of zero, a window of
two billion days) with an ``INVALID`` userError naming the field, before any
arithmetic or write. Each bound is a named constant so the SDL and README can
state it.
"""

from __future__ import annotations

from decimal import Decimal

from services.refusal import Code, Field, refuse

HUNDRED = Decimal(100)
PERCENT_PLACES = 4
"""Percentages are stored as ``NUMERIC(9, 4)``: at most 4 decimal places."""
MAX_RATE_CEILING_PERCENT = Decimal(1000)
"""A commission rate above 100 % needs its component's ``maxRatePercent`` raised, up to this."""
MAX_MULTIPLIER = Decimal(10)
"""Accelerators, decelerators and tier multipliers: from 0 to 10×."""
MAX_ATTAINMENT_PERCENT = Decimal(1000)
"""Attainment floors, gates and caps: up to 10× quota."""
MAX_DAYS = 3660
"""Day counts from now or from a period edge (about ten years): date arithmetic never overflows."""
MAX_MONTHS = 120


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _show(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def decimal_between(
    value: Decimal,
    field: Field,
    *,
    low: Decimal,
    high: Decimal,
    what: str,
    low_open: bool = False,
    unit: str = "",
) -> Decimal:
    """``value`` when ``low`` ≤ (or <, with ``low_open``) ``value`` ≤ ``high``;
    INVALID otherwise."""
    if not value.is_finite() or value > high or value < low or (low_open and value == low):
        lower = f"more than {_show(low)}{unit}" if low_open else f"{_show(low)}{unit}"
        raise refuse(Code.INVALID, f"{what} is from {lower} to {_show(high)}{unit}.", field)
    return value


def percent(
    value: Decimal,
    field: Field,
    *,
    what: str = "A percentage",
    low: Decimal = Decimal(0),
    high: Decimal = HUNDRED,
    low_open: bool = False,
) -> Decimal:
    """A percentage in [``low``, ``high``] (0–100 by default) with at most 4 decimal places."""
    decimal_between(value, field, low=low, high=high, what=what, low_open=low_open, unit=" %")
    if _places(value.normalize()) > PERCENT_PLACES:
        raise refuse(Code.INVALID, f"{what} has at most {PERCENT_PLACES} decimal places.", field)
    return value


def positive_amount(
    value: Decimal, field: Field, *, what: str = "The amount", allow_zero: bool = False
) -> Decimal:
    """An amount above zero (or zero, with ``allow_zero``); the scalar bounded its size."""
    if not value.is_finite() or value < 0 or (not allow_zero and value == 0):
        raise refuse(
            Code.INVALID, f"{what} must be {'0 or more' if allow_zero else 'more than 0'}.", field
        )
    return value


def multiplier(value: Decimal, field: Field) -> Decimal:
    return decimal_between(
        value, field, low=Decimal(0), high=MAX_MULTIPLIER, what="A multiplier", unit="×"
    )


def int_between(value: int, field: Field, *, low: int, high: int, what: str) -> int:
    """An integer in [``low``, ``high``]: day and month counts, levels, positions."""
    if not low <= value <= high:
        raise refuse(Code.INVALID, f"{what} is from {low} to {high}.", field)
    return value
