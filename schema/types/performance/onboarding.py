"""Onboarding programmes and a rep's progress through them (the rep's home screen)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay

from db.models.performance_onboarding import OnboardingItem as ItemRow
from db.models.performance_onboarding import OnboardingProgramme as ProgrammeRow
from schema.nodes import nodes_via
from schema.rows import related, row_objects
from schema.types.performance.badges import Badge, anyone


@strawberry.type(description="One checklist item of an onboarding programme.")
class OnboardingItem(relay.Node):
    id: relay.NodeID[int]
    position: int
    """Its place in the checklist, from 0."""
    title: str
    """What to do, e.g. "Watch the culture video"."""
    activity_kind: str | None
    """The activity kind that completes it; null: the rep's manager signs it off."""

    resolve_nodes = nodes_via("contests.onboarding_item_by_id", anyone)

    @classmethod
    def from_row(cls, row: ItemRow) -> OnboardingItem:
        return cls(
            id=row.id, position=row.position, title=row.title, activity_kind=row.activity_kind
        )


@strawberry.type(description="An ordered checklist for new reps; completing it earns its badge.")
class OnboardingProgramme(relay.Node):
    id: relay.NodeID[int]
    name: str
    """What the programme is called."""
    badge_id: strawberry.Private[int | None]
    badge = related("contests.badge_by_id", "badge_id", Badge, description="The badge it earns.")

    resolve_nodes = nodes_via("contests.onboarding_programme_by_id", anyone)

    @classmethod
    def from_row(cls, row: ProgrammeRow) -> OnboardingProgramme:
        return cls(id=row.id, name=row.name, badge_id=row.badge_id)

    @strawberry.field(description="The items, in order.")
    async def items(self, info: strawberry.Info) -> list[OnboardingItem]:
        return await row_objects(info, "contests.items_by_programme_id", self.id, OnboardingItem)


@strawberry.type(description="An item and whether the rep has done it.")
class OnboardingChecklistEntry:
    item: OnboardingItem
    """The item."""
    done: bool
    """Whether it is done."""


@strawberry.type(description="A rep's progress through one programme.")
class OnboardingProgress:
    programme: OnboardingProgramme
    """The programme."""
    done: int
    """Items done."""
    total: int
    """Items in all."""
    percent: Decimal = strawberry.field(
        description='Done ÷ total × 100, exactly 2 decimal places ("33.33").'
    )
    completed: bool
    """Whether every item is done (the programme's badge is then awarded)."""
    next_item: OnboardingItem | None
    """The first item not done, null when complete."""
    checklist: list[OnboardingChecklistEntry]
    """Every item in order, with whether it is done."""

    @classmethod
    def of(cls, found: Any) -> OnboardingProgress:
        """From ``services.performance.onboarding.ProgrammeProgress``."""
        items = {str(i.id): OnboardingItem.from_row(i) for i in found.items}
        reached = found.progress
        return cls(
            programme=OnboardingProgramme.from_row(found.programme),
            done=reached.done,
            total=reached.total,
            percent=reached.percent,
            completed=reached.completed,
            next_item=None if reached.next_item is None else items[reached.next_item.key],
            checklist=[
                OnboardingChecklistEntry(item=items[str(i.id)], done=i.id in found.done_item_ids)
                for i in found.items
            ],
        )
