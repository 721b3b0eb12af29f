"""``createActivityKind`` (OPS): a kind of activity of the organisation's own."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gamification.hierarchy import KindSpec
from resolvers.mutation import payload_of, payload_type, perform
from schema.text_limits import MaxLength
from schema.types.performance.enums import HierarchyLevel
from schema.types.performance.metrics import ActivityKind
from services.performance.definitions import create_activity_kind as create_kind


@strawberry.input(description="A new activity kind.")
class CreateActivityKindInput:
    key: Annotated[str, MaxLength(64)]
    """Its key: A-Z, 0-9 and _, 2 to 64 long, e.g. WEBINAR_HOSTED."""
    level: HierarchyLevel  # type: ignore[valid-type]
    """Where on the hierarchy it sits."""
    name: Annotated[str, MaxLength(200)]
    """What it is called."""
    worked_time: bool = False
    """True: its duration counts as worked time."""


CreateActivityKindPayload = payload_type(
    "CreateActivityKindPayload", ActivityKind, "kind", "createActivityKind"
)


async def create_activity_kind(
    info: strawberry.Info, input: CreateActivityKindInput
) -> CreateActivityKindPayload:
    spec = KindSpec(input.key, input.level, input.name, input.worked_time)
    outcome = await perform(info, create_kind, spec)
    return payload_of(CreateActivityKindPayload, outcome, "kind", ActivityKind.of)
