"""Input pieces several catalog mutations share."""

from __future__ import annotations

from typing import Any

import strawberry


@strawberry.input
class QuantityRangeInput:
    """The quantities a band of a block price or a tier of a discount schedule covers (not a
    type of its own in the schema: the band and tier inputs extend it)."""

    from_quantity: int
    """The first quantity covered (inclusive): 1 or more; the next range's starts right after."""
    to_quantity: int | None = None
    """Inclusive; null for the open last range."""


def valid_from_field() -> Any:
    """The ``validFrom`` input field of a dated price or rule."""
    return strawberry.field(description="The first day it applies (pricing date, inclusive).")


def valid_to_field() -> Any:
    """The ``validTo`` input field of a dated price or rule created open-ended by default."""
    return strawberry.field(
        default=None,
        description="The first day it no longer applies (exclusive); null for open-ended.",
    )
