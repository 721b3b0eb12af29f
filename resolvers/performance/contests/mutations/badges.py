"""``defineBadge`` and ``evaluateBadge`` (OPS)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

from gamification.badges import Award
from gamification.calendar import Grain
from resolvers.mutation import (
    Arguments,
    command,
    empty_list_field,
    idempotency_key_field,
    key,
    mutation,
    payload_with,
    perform,
    user_errors_field,
)
from schema.enums import described_enum
from schema.errors import UserError
from schema.text_limits import Family, IdempotencyKey, LongName
from schema.types.performance.badges import Badge
from services.performance import badges
from services.performance.badges import NewBadge
from services.performance.metric_source import metric_source

PeriodGrain = described_enum(
    Grain,
    "PeriodGrain",
    "The length of a performance period (local dates in the rep's zone, fiscal calendar).",
    {
        "DAY": "A local day.",
        "WEEK": "A week from the organisation's week start.",
        "MONTH": "A fiscal month.",
        "QUARTER": "A fiscal quarter.",
        "YEAR": "A fiscal year.",
    },
)


@strawberry.input(description="A badge: one level per threshold of a metric's value per period.")
class DefineBadgeInput:
    key: Family
    """A stable, unique key, e.g. "dialer"."""
    name: LongName
    """What it is called, e.g. "Dialer"."""
    metric_key: Family
    """The metric it reads (a defined metric's key)."""
    grain: PeriodGrain  # type: ignore[valid-type]
    """The period the value is read per, e.g. DAY for "100 dials in a day"."""
    thresholds: list[Decimal]
    """Level 1's threshold first, strictly rising, each more than 0."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(badges.define_badge, Badge, constraint_errors=badges.CONSTRAINT_REFUSALS)
def define_badge(input: DefineBadgeInput) -> Arguments:
    """The badge's rule."""
    return command(NewBadge, input, thresholds=tuple(input.thresholds)), metric_source()


@strawberry.input(description="Which badge to evaluate for which rep.")
class EvaluateBadgeInput:
    badge_id: strawberry.relay.GlobalID
    """The badge."""
    rep_id: strawberry.relay.GlobalID
    """The rep."""


@strawberry.type(
    description="The result of `evaluateBadge`: the levels newly awarded (none when the rep "
    "already held every level reached), or `userErrors` saying why nothing changed."
)
class EvaluateBadgePayload:
    new_levels: list[int] = empty_list_field(
        "The levels awarded by this call, each only once ever."
    )
    user_errors: list[UserError] = user_errors_field()


async def evaluate_badge(info: strawberry.Info, input: EvaluateBadgeInput) -> EvaluateBadgePayload:
    outcome = await perform(
        info,
        badges.evaluate_badge,
        key(input.badge_id, "Badge", "badgeId"),
        key(input.rep_id, "User", "repId"),
        metric_source(),
    )
    return await payload_with(EvaluateBadgePayload, outcome, _levels)


def _levels(awards: list[Award]) -> dict[str, Any]:
    return {"new_levels": [a.level for a in awards]}
