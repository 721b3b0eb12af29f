"""Draws: a guaranteed amount per period, paid when what the rep has earned falls short.

A **recoverable** draw is an advance: the shortfall it pays is added to the
rep's outstanding draw balance, which later periods recover from what the rep
earns *above the draw amount* (so the rep is never paid less than the draw
while it runs). A **non-recoverable** draw is a guarantee: the shortfall is paid
and never recovered. An outstanding balance is still recovered after the draw
ends (the draw amount is then 0), from everything the rep earns.

The rule per period, with ``available >= 0`` what the rep would be paid without
a draw (a negative balance is carried separately and never reaches a draw)::

    recovered = min(outstanding, max(available - amount, 0))
    shortfall = max(amount - available, 0)        # paid by the draw
    paid      = available - recovered + shortfall  # = max(available - recovered, amount)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from commissions.money import ZERO


class DrawKind(enum.Enum):
    """Whether the draw's shortfall payments are recovered from later earnings."""

    RECOVERABLE = "RECOVERABLE"
    NON_RECOVERABLE = "NON_RECOVERABLE"


@dataclass(frozen=True, slots=True)
class Draw:
    """``amount`` guaranteed for each period the draw covers, in the plan's currency."""

    kind: DrawKind
    amount: Decimal


@dataclass(frozen=True, slots=True)
class DrawOutcome:
    """What a draw did in one period; ``paid`` is the period's payout after it."""

    paid: Decimal
    shortfall_paid: Decimal
    """Paid by the draw on top of what was earned (0 when earnings reached the draw)."""
    recovered: Decimal
    """Taken from this period's earnings to repay earlier recoverable shortfalls (>= 0)."""
    outstanding: Decimal
    """The recoverable balance still to recover after this period (>= 0)."""
    non_recoverable_paid: Decimal
    """The part of ``shortfall_paid`` that is never recovered."""


def apply_draw(available: Decimal, draw: Draw | None, outstanding: Decimal) -> DrawOutcome:
    """The period's payout from ``available`` (>= 0) under ``draw`` (None: no draw this
    period) with ``outstanding`` recoverable balance brought in (>= 0)."""
    if available < ZERO or outstanding < ZERO:
        raise ValueError("available and outstanding are never negative")
    amount = draw.amount if draw is not None else ZERO
    recovered = min(outstanding, max(available - amount, ZERO))
    shortfall = max(amount - available, ZERO)
    recoverable = draw is not None and draw.kind is DrawKind.RECOVERABLE
    return DrawOutcome(
        paid=available - recovered + shortfall,
        shortfall_paid=shortfall,
        recovered=recovered,
        outstanding=outstanding - recovered + (shortfall if recoverable else ZERO),
        non_recoverable_paid=ZERO if recoverable else shortfall,
    )
