"""A content item's published versions: what readers saw of it, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay

from db.models.content_versions import ContentItemVersion as VersionRow
from schema.connection import PageRequest, decode_cursor, encode_cursor, page_size
from schema.errors import BadUserInput
from schema.rows import from_attrs, loader, related
from schema.types.user import User


@strawberry.type(
    description="One published version of a content item: its text as readers saw it from "
    "`publishAt` until `retireAt`, when the next version replaced it or the item retired."
)
class ContentItemVersion:
    number: int
    """1 for the text the item was created with, then 2, 3… with no gaps."""
    title: str
    """The title then."""
    summary: str
    """The summary then."""
    body: str
    """The body as Markdown, as OPS wrote it then."""
    body_html: str
    """The body rendered to sanitised HTML, as readers saw it then."""
    language: str
    """The language tag then."""
    tags: list[str]
    """The tags then."""
    competitors: list[str]
    """The competitor keys then."""
    publish_at: datetime
    """When readers first saw this version."""
    retire_at: datetime | None
    """When the next version replaced it or the item was retired (equal to the next
    version's `publishAt`); null while it is current and open-ended."""
    change_note: str | None
    """Why OPS made this change, as they wrote it; null when they gave no reason."""
    created_at: datetime
    """When this row was written."""
    changed_by_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: VersionRow) -> ContentItemVersion:
        return from_attrs(cls, row, tags=list(row.tags), competitors=list(row.competitors))

    changed_by = related(
        "user_by_id",
        "changed_by_id",
        User,
        description="Who wrote this version (who created or changed the item).",
    )


@strawberry.type(description="One version of a page of an item's versions, with its cursor.")
class ContentItemVersionEdge:
    cursor: str
    """Pass as `after` to get the older versions."""
    node: ContentItemVersion
    """The version."""


@strawberry.type(description="A page of a content item's versions, newest first.")
class ContentItemVersionConnection:
    edges: list[ContentItemVersionEdge]
    """The versions of this page, newest first."""
    page_info: relay.PageInfo
    """Whether there are older versions after this page (`hasNextPage`, `endCursor`)."""
    total_count: int
    """How many versions the item has in all (its current version's number)."""


VersionsFirst = Annotated[
    int | None,
    strawberry.argument(
        description="How many versions, 0 up to the page cap (200 by default; more is a "
        "BAD_USER_INPUT error). 50 when left out."
    ),
]
VersionsAfter = Annotated[
    str | None,
    strawberry.argument(description="The `cursor` of the version to start after (older ones)."),
]


def _below(after: str | None) -> int | None:
    """The version number a page starts below; BAD_USER_INPUT for a cursor not a version's."""
    if after is None:
        return None
    try:
        values = decode_cursor(after)
    except BadUserInput:
        values = []
    match values:
        case ["ContentItemVersion", int(number)]:
            return number
    raise BadUserInput("`after` is not the cursor of a content item's version.", argument="after")


def empty_versions() -> ContentItemVersionConnection:
    """What a viewer who may not read the item gets."""
    info = relay.PageInfo(
        has_next_page=False, has_previous_page=False, start_cursor=None, end_cursor=None
    )
    return ContentItemVersionConnection(edges=[], page_info=info, total_count=0)


async def versions_page(
    info: strawberry.Info, item_id: int, first: int | None, after: str | None
) -> ContentItemVersionConnection:
    """A page of the item's versions, newest first: one statement for every item of the
    request asking (and one more for their counts)."""
    size, _ = page_size(PageRequest(first=first, after=after), info.context.config.pages)
    below = _below(after)
    rows = await loader(info, "content.version_page").load((item_id, size + 1, below))
    total = await loader(info, "content.version_number_by_item").load(item_id)
    has_more = len(rows) > size
    edges = [
        ContentItemVersionEdge(
            cursor=encode_cursor(["ContentItemVersion", row.number]),
            node=ContentItemVersion.from_row(row),
        )
        for row in rows[:size]
    ]
    page_info = relay.PageInfo(
        has_next_page=has_more,
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return ContentItemVersionConnection(edges=edges, page_info=page_info, total_count=total)
