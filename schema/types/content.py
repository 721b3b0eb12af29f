"""Enablement content: items OPS publishes and reps search, and the search's results."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry import relay

from content.rules import ContentKind as ContentKindModel
from content.window import ContentStatus as ContentStatusModel
from content.window import readable, status
from db.actor import Actor
from db.models.content import ContentItem as ItemRow
from db.models.users import Role as RoleModel
from schema.enums import described_enum
from schema.nodes import nodes_via
from schema.permissions import viewer_of
from schema.rows import from_attrs, loader, related, row_objects
from schema.types.catalog import Product
from schema.types.content_attachments import ContentAttachment
from schema.types.content_quiz import ContentQuiz
from schema.types.content_versions import (
    ContentItemVersionConnection,
    VersionsAfter,
    VersionsFirst,
    empty_versions,
    versions_page,
)
from schema.types.user import Role

ContentKind = described_enum(
    ContentKindModel,
    "ContentKind",
    "What a content item is.",
    {
        "PRODUCT_SHEET": "A product's data sheet.",
        "COMPETITOR_BATTLECARD": "How we win against a competitor.",
        "CASE_STUDY": "A customer's story.",
        "WHITE_PAPER": "A long-form paper.",
        "TRAINING_MODULE": "A training module.",
        "PRICING_GUIDE": "How to price and discount.",
        "ROI_TOOL": "A return-on-investment calculator or worksheet.",
        "OBJECTION_HANDLING": "Answers to a customer's objections.",
        "PLAYBOOK": "A sales playbook.",
    },
)
ContentStatus = described_enum(
    ContentStatusModel,
    "ContentStatus",
    "Where an item is in its life.",
    {
        "SCHEDULED": "Not published yet (only OPS sees it).",
        "LIVE": "Published: found by search.",
        "RETIRED": "Retired: no longer found; reading it by id says so.",
    },
)


def content_visible(viewer: Actor, row: ItemRow) -> bool:
    """OPS (and admins) see every item; others a published one (live or retired) in their
    audience."""
    return readable(
        row.audience_roles,
        row.publish_at,
        [r.value for r in viewer.roles],
        datetime.now(UTC),
        sees_all=viewer.has_any(RoleModel.OPS),
    )


@strawberry.type(
    description="Enablement material (a product sheet, battlecard, case study…) reps find by "
    "search. Reps see published items whose audience includes one of their roles."
)
class ContentItem(relay.Node):
    id: relay.NodeID[int]
    kind: ContentKind  # type: ignore[valid-type]
    """What it is."""
    title: str
    """Its title."""
    summary: str
    """A short plain-text summary."""
    body: str
    """The body as Markdown, as OPS wrote it."""
    body_html: str
    """The body rendered to HTML and sanitised: raw HTML in the Markdown is kept only where
    harmless (scripts, styles, iframes, event handlers and `javascript:` links are removed),
    so it is safe to display."""
    language: str
    """Its language as a BCP 47 tag, e.g. "en", "th", "zh-Hans"."""
    tags: list[str]
    """Tags, lower-cased."""
    families: list[str]
    """The product families it is about."""
    competitors: list[str]
    """The competitors it is about, as keys (lower-cased), e.g. "acme"."""
    segments: list[str]
    """The customer segments it is for, as keys (lower-cased), e.g. "mid-market"."""
    industries: list[str]
    """The customer industries it is for, as keys (lower-cased), e.g. "retail"."""
    audience_roles: list[Role]  # type: ignore[valid-type]
    """Who may read it: empty for everyone signed in."""
    publish_at: datetime
    """When it is published (found by search from then on)."""
    retire_at: datetime | None
    """When it is or was retired; null while open-ended."""
    version: int
    """Send back on update or retire; a stale one is a CONFLICT."""
    updated_at: datetime
    """When it last changed."""
    product_ids: strawberry.Private[list[int]]

    resolve_nodes = nodes_via("content.item_by_id", content_visible)

    @classmethod
    def from_row(cls, row: ItemRow) -> ContentItem:
        return from_attrs(
            cls,
            row,
            kind=ContentKindModel(row.kind),
            audience_roles=[RoleModel(r) for r in row.audience_roles],
        )

    @strawberry.field(description="SCHEDULED, LIVE or RETIRED, now.")
    def status(self) -> ContentStatus:  # type: ignore[valid-type]
        return status(self.publish_at, self.retire_at, datetime.now(UTC))

    @strawberry.field(description="True once retired: it is no longer found by search.")
    def retired(self) -> bool:
        return status(self.publish_at, self.retire_at, datetime.now(UTC)) is (
            ContentStatusModel.RETIRED
        )

    @strawberry.field(description="The products it is about (retired products included).")
    async def products(self, info: strawberry.Info) -> list[Product]:
        rows = await loader(info, "product_by_id").load_many(self.product_ids)
        return [Product.from_row(row) for row in rows if row is not None]

    @strawberry.field(description="Files attached to it (at most 20 by default), oldest first.")
    async def attachments(self, info: strawberry.Info) -> list[ContentAttachment]:
        return await row_objects(info, "content.attachments_by_item", self.id, ContentAttachment)

    @strawberry.field(description="A training module's quiz; null when it has none.")
    async def quiz(self, info: strawberry.Info) -> ContentQuiz | None:
        rows = await loader(info, "content.quiz_by_item").load(self.id)
        if not rows:
            return None
        viewer = viewer_of(info)
        with_answers = viewer is not None and viewer.has_any(RoleModel.OPS)
        return ContentQuiz.from_row(rows[0], with_answers=with_answers)

    @strawberry.field(
        description="Its current version's number: 1 as created, one more each time an edit "
        "changed what readers see (title, summary, body, language, tags, products or "
        "competitors) after it was published."
    )
    async def version_number(self, info: strawberry.Info) -> int:
        number: int = await loader(info, "content.version_number_by_item").load(self.id)
        return number

    @strawberry.field(
        description="Its published versions, newest first, each with the window readers saw "
        "it in and who changed it why. Readable by whoever may read the item (OPS, and the "
        "item's audience once published); empty for anyone else. Errors: BAD_USER_INPUT for "
        "a page too large or a cursor that is not a version's."
    )
    async def versions(
        self, info: strawberry.Info, first: VersionsFirst = None, after: VersionsAfter = None
    ) -> ContentItemVersionConnection:
        if not self._readable_by(viewer_of(info)):
            return empty_versions()
        return await versions_page(info, self.id, first, after)

    def _readable_by(self, viewer: Actor | None) -> bool:
        """``content_visible`` on the object: the item's audience rule, read once more here
        because an item reaches a viewer through paths that do not all check it."""
        return viewer is not None and readable(
            [role.value for role in self.audience_roles],
            self.publish_at,
            [r.value for r in viewer.roles],
            datetime.now(UTC),
            sees_all=viewer.has_any(RoleModel.OPS),
        )


@strawberry.type(description="One search hit: the item, where it is, and why it matched.")
class ContentSearchEdge:
    cursor: str
    """Pass as `after` to get the hits after this one."""
    node: ContentItem
    """The item."""
    snippet: str | None
    """The parts of the body that matched, as HTML: text escaped, matches in `<mark>`; null
    without a query."""


@strawberry.type(description="How many hits there are of one kind.")
class ContentKindCount:
    kind: ContentKind  # type: ignore[valid-type]
    """The kind."""
    count: int
    """Hits of that kind (the kinds filter aside)."""


@strawberry.type(description="How many hits are about one competitor.")
class ContentCompetitorCount:
    competitor: str
    """The competitor's key."""
    count: int
    """Hits about it (the competitors filter aside)."""


@strawberry.type(description="How many hits are about one product.")
class ContentProductCount:
    product_id: strawberry.Private[int]
    count: int
    """Hits about it (the products filter aside)."""

    product = related(
        "product_by_id", "product_id", Product, description="The product; null if it was deleted."
    )


@strawberry.type(
    description="Search hits, best first, a page at a time, with counts of all hits by kind, "
    "product and competitor (each facet ignoring its own filter, so a client can widen it)."
)
class ContentSearchConnection:
    edges: list[ContentSearchEdge]
    """The hits of this page."""
    page_info: relay.PageInfo
    """Whether there are more hits after this page (`hasNextPage`, `endCursor`)."""
    total_count: int
    """How many items match in all."""
    by_kind: list[ContentKindCount]
    """Hits by kind, most first."""
    by_product: list[ContentProductCount]
    """Hits by product, most first (at most 50)."""
    by_competitor: list[ContentCompetitorCount]
    """Hits by competitor, most first (at most 50)."""
    fuzzy: bool
    """True when nothing matched the words as typed, and these are the hits of the
    typo-tolerant fallback (each word's leading two thirds matched as a prefix)."""
