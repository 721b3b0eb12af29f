"""The house bounds on decimal numbers crossing the API, and their plain-text form.

One rule for every amount, rate, quota and threshold a client sends: at most
``MAX_INTEGER_DIGITS`` digits before the point and ``MAX_FRACTION_DIGITS`` after
it, which is exactly what the widest column (``NUMERIC(18, 6)``) holds; narrower
columns (percentages, ``NUMERIC(9, 4)``) are checked by the mutation that writes
them. Text is plain positional notation, built in time bounded by the digits
shown, never by the exponent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

from db.codec.commissions import stored_decimal as codec_stored_decimal

MAX_INTEGER_DIGITS = 12
MAX_FRACTION_DIGITS = 6

MAX_OUTPUT_EXPONENT = 60
"""Output digits either side of the point: far beyond any amount the engines produce
(their context keeps 60 significant digits), so refusing more only stops a fault."""


def plain_text(value: Decimal) -> str:
    """``value`` in plain positional notation ("0.00", "1200"); ValueError for a value that is
    not finite or would need more than ``MAX_OUTPUT_EXPONENT`` digits either side of the point."""
    if not value.is_finite():
        raise ValueError(f"Not a finite decimal: {value}")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if value.is_zero():
        return "0" if exponent >= 0 else "0." + "0" * min(-exponent, MAX_OUTPUT_EXPONENT)
    if value.adjusted() > MAX_OUTPUT_EXPONENT or exponent < -MAX_OUTPUT_EXPONENT:
        raise ValueError("A decimal too large or too fine to show in plain notation.")
    return format(value, "f")


PERCENT_PLACES = 2
"""A percentage leaves the API with exactly two places: "12.50" is 12.5 %."""

RATE_PLACES = 6
"""A rate or ratio (a commission rate of 0.0525 is 5.25 %) keeps the six places it is stored
with, shown with exactly six: "0.052500"."""

_CONTEXT = Context(prec=80)  # wider than any engine value: quantize never overflows


def at_scale(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half-up (ties away from zero) to exactly ``places`` decimal places,
    never "-0": the one rounding every fixed-scale Decimal field applies at output."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_CONTEXT)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def percent(value: Decimal | None) -> Decimal | None:
    """A percentage at ``PERCENT_PLACES`` ("12.50"), or ``None`` where there is none."""
    return None if value is None else at_scale(value, PERCENT_PLACES)


def rate(value: Decimal | None) -> Decimal | None:
    """A rate or ratio at ``RATE_PLACES`` ("0.052500"), or ``None`` where there is none."""
    return None if value is None else at_scale(value, RATE_PLACES)


WRITTEN_PERCENT_PLACES = 4
"""A percentage someone set (a discount, an approval threshold, a plan's rate, a split's share)
leaves the API with exactly the four places an input may carry ("15.0000"), so what is read
back is exactly what was written: the ``services.numbers.PERCENT_PLACES`` of the inputs.
Computed percentages (attainment, a margin) use ``PERCENT_PLACES``."""


def written_percent(value: Decimal | None) -> Decimal | None:
    """A percentage someone set, at ``WRITTEN_PERCENT_PLACES`` ("12.3456"), or ``None``."""
    return None if value is None else at_scale(value, WRITTEN_PERCENT_PLACES)


def stored_decimal(text: str | int) -> Decimal:
    """A decimal read back from JSON storage (snapshots, plan components, ledgers), refused
    with ValueError unless finite and within the stored bounds: the codec's own check
    (``db.codec``), so the API and the codec never disagree on what storage may hold.

    Everything stored came through the bounded scalar and the engines, so anything
    else is corruption: it must stop loudly here, never reach an engine whose
    arithmetic it would make unbounded (a stored 1e-99999999 once made every
    acceptance of a counter-offer fail).
    """
    return codec_stored_decimal(str(text))
