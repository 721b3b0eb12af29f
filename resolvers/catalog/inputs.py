"""Input pieces several catalog mutations share."""

from __future__ import annotations

import strawberry


@strawberry.input
class QuantityRangeInput:
    """The quantities a band of a block price or a tier of a discount schedule covers (not a
    type of its own in the schema: the band and tier inputs extend it)."""

    from_quantity: int = strawberry.field(
        description=(
            "The first quantity covered (inclusive): 1 or more; the next range's starts right"
            " after."
        )
    )
    to_quantity: int | None = strawberry.field(
        default=None, description="Inclusive; null for the open last range."
    )
