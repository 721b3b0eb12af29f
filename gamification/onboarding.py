"""Onboarding programmes: an ordered checklist, each item done by an activity or a sign-off.

An item names the activity kind that completes it (TRAINING_COMPLETED, say) or, when
it names none, needs a manager's sign-off. Items may be done in any order (an
activity happens when it happens); the next item shown is the first one not done,
and the programme is complete (earning its badge) when every item is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    title: str
    activity_kind: str | None = None
    """The activity kind that completes it; None: a manager signs it off."""

    @property
    def needs_sign_off(self) -> bool:
        return self.activity_kind is None


@dataclass(frozen=True, slots=True)
class Programme:
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    percent: Decimal
    """Done ÷ total × 100, at two places (100 for an empty programme)."""
    next_item: Item | None
    completed: bool


def progress(programme: Programme, completions: Iterable[str]) -> Progress:
    """How far a rep is, from the keys of the items they completed."""
    finished = set(completions)
    open_items = [i for i in programme.items if i.key not in finished]
    total = len(programme.items)
    done = total - len(open_items)
    ratio = Decimal(100) if total == 0 else Decimal(done * 100) / Decimal(total)
    return Progress(
        done=done,
        total=total,
        percent=ratio.quantize(Decimal("0.01")),
        next_item=open_items[0] if open_items else None,
        completed=not open_items,
    )


def completed_by_activity(
    programme: Programme, kind: str, completions: Iterable[str]
) -> Item | None:
    """The first open item an activity of ``kind`` completes, or None."""
    finished = set(completions)
    return next(
        (i for i in programme.items if i.activity_kind == kind and i.key not in finished), None
    )
