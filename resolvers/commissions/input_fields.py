"""Fields every plan component input carries: its label and its key."""

from __future__ import annotations

from typing import Any

import strawberry


def label_field() -> Any:
    return strawberry.field(
        description="The component's name in payout explanations and statements; blank: its kind."
    )


def component_id_field() -> Any:
    return strawberry.field(
        default=None,
        description=(
            "The component's key, naming it in payout explanations: a plain string, unique "
            "within the plan version (not a global ID); by default its kind and position "
            "(`base-rate-1`)."
        ),
    )
