"""``createActivityKind`` (OPS): a kind of activity of the organisation's own."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gamification.hierarchy import KindSpec
from resolvers.mutation import Arguments, mutation
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


@mutation(create_kind, ActivityKind, field="kind")
def create_activity_kind(input: CreateActivityKindInput) -> Arguments:
    return (KindSpec(input.key, input.level, input.name, input.worked_time),)
