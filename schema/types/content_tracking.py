"""What reps do with content: views and shares, quiz attempts, and the items a customer
sees on a shared quote."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry

from content.rules import ContentKind as ContentKindModel
from db.models.content import ContentEvent as EventRow
from db.models.content import ContentItem as ItemRow
from schema.rows import FromRow, from_attrs, related
from schema.types.content import ContentItem, ContentKind


@strawberry.enum(description="What a rep did with a content item.")
class ContentAction(enum.Enum):
    VIEW = strawberry.enum_value("VIEW", description="Opened it.")
    SHARE = strawberry.enum_value("SHARE", description="Shared it with a quote's customer.")


@strawberry.type
class AboutContentItem:
    """A record about one content item (a base: its ``contentItem`` field)."""

    content_item_id: strawberry.Private[int]

    content_item = related(
        "content.item_by_id", "content_item_id", ContentItem, description="The content item."
    )


@strawberry.type(description="A view or share of a content item, recorded for the rep.")
class ContentActivity(AboutContentItem):
    action: ContentAction
    """View or share."""
    occurred_at: datetime
    """When."""

    @classmethod
    def from_row(cls, row: EventRow) -> ContentActivity:
        return from_attrs(cls, row, action=ContentAction(row.action))


@strawberry.type(description="A scored attempt at a training module's quiz.")
class ContentQuizAttempt(AboutContentItem, FromRow):
    right: int
    """Questions answered right."""
    total: int
    """Questions asked."""
    percent: int
    """`right / total` as a whole percent (rounded down)."""
    passed: bool
    """True when the percent reached the pass mark (the training counts as completed)."""
    attempted_at: datetime
    """When."""


@strawberry.type(description="Material the rep shared with the customer on this offer.")
class SharedContentItem:
    kind: ContentKind  # type: ignore[valid-type]
    """What it is."""
    title: str
    """Its title."""
    summary: str
    """Its summary."""
    body_html: str
    """Its body as sanitised HTML."""
    language: str
    """Its language tag."""

    @classmethod
    def from_row(cls, row: ItemRow) -> SharedContentItem:
        return from_attrs(cls, row, kind=ContentKindModel(row.kind))
