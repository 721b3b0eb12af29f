"""Inputs shared by the contest mutations: a prize, a tournament round."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from schema.scalars import CurrencyCode
from schema.text_limits import Reason
from schema.types.performance.contest_enums import PrizeKind


@strawberry.input(description="What a rank range wins, with its stated value.")
class ContestPrizeInput:
    rank_from: int
    """The first rank that wins it (in a TARGET, HEAD_TO_HEAD or TOURNAMENT contest: 1, and
    every winner gets it)."""
    rank_to: int
    """The last rank that wins it (≥ `rankFrom`)."""
    kind: PrizeKind
    """CASH is paid as a commission adjustment when the contest ends."""
    description: Reason
    """What it is, e.g. "dinner for two"; at most 500 characters."""
    value: Decimal
    """Its value, more than 0 (a cash prize at most the currency's minor units)."""
    currency: CurrencyCode
    """The currency of `value` (a cash prize: the winner's plan currency)."""


@strawberry.input(
    description="One round of a TOURNAMENT's schedule: its window, inside the contest's."
)
class ContestRoundInput:
    starts_at: datetime
    """The round's start (inclusive), with its offset; at or after the contest's start and
    the previous round's end."""
    ends_at: datetime
    """The round's end (exclusive), after its start and at most the contest's end."""
