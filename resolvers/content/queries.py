"""``contentItem`` and ``searchContent``: what a rep reads and finds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.types.nodes import SelectedField

from content.rules import QUERY_MAX
from content.window import offset_after
from resolvers.content.new_for_deals import NewContentQueries
from resolvers.fields import node_field
from resolvers.pagination import argument_id
from resolvers.reading import read
from schema.connection import PageRequest, decode_cursor, encode_cursor, page_size
from schema.errors import BadUserInput
from schema.permissions import require_viewer, signed_in
from schema.text_limits import MaxLength
from schema.types.content import (
    ContentCompetitorCount,
    ContentItem,
    ContentKind,
    ContentKindCount,
    ContentProductCount,
    ContentSearchConnection,
    ContentSearchEdge,
)
from services.content.search import ContentSearch, search_content

Query = Annotated[str, MaxLength(QUERY_MAX)]
MAX_OFFSET = 100_000
"""Hits are paged by their place in the ranking; no cursor points further than this."""


@strawberry.input(description="Narrow a search; each list matches any of its entries.")
class ContentFilter:
    kinds: list[ContentKind] | None = None  # type: ignore[valid-type]
    """Only these kinds."""
    product_ids: list[relay.GlobalID] | None = None
    """Only items about one of these products."""
    competitors: list[Annotated[str, MaxLength(100)]] | None = None
    """Only items about one of these competitors (keys, any case)."""
    language: Annotated[str, MaxLength(20)] | None = None
    """Only items in this language ("zh" also matches "zh-Hans")."""


def _offset(after: str | None) -> int | None:
    if after is None:
        return None
    values = decode_cursor(after)
    offset = values[0] if len(values) == 1 else None
    if type(offset) is not int or not 0 <= offset < MAX_OFFSET:
        raise BadUserInput("The cursor does not belong to this list.", argument="after")
    return offset


def _asks(selections: Sequence[Any], path: tuple[str, ...]) -> bool:
    """Whether the selection (fragments included) reaches the field ``path`` below the
    resolved field: snippets are only made when a client shows them."""
    for selection in selections:
        below = selection.selections
        if not isinstance(selection, SelectedField) or selection.name == "searchContent":
            if _asks(below, path):  # a fragment, or the field itself
                return True
        elif selection.name == path[0] and (len(path) == 1 or _asks(below, path[1:])):
            return True
    return False


@strawberry.type
class ContentQueries(NewContentQueries):
    content_item: ContentItem | None = node_field(
        ContentItem,
        "A content item by id, retired ones included (`retired` says so); null when missing or "
        "not for your roles. Anyone signed in.",
        "The item's global ID.",
    )

    @strawberry.field(
        extensions=signed_in(),
        description="Search published content for your roles: PostgreSQL full text, title "
        "over tags and summary over body, best first; Thai and Chinese are matched by words "
        "and character pairs, so a word inside a longer run is found. With no hits, a "
        "typo-tolerant fallback answers (`fuzzy`). Anyone signed in.",
    )
    async def search_content(
        self,
        info: strawberry.Info,
        query: Annotated[
            Query | None,
            strawberry.argument(
                description='Words in web-search syntax: "quoted phrase", `or`, -excluded. '
                "Empty or null: every item, newest first."
            ),
        ] = None,
        filter: Annotated[
            ContentFilter | None, strawberry.argument(description="What to narrow to.")
        ] = None,
        first: Annotated[
            int | None,
            strawberry.argument(description="How many hits (20 by default, at most 200)."),
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="The `cursor` of the hit to start after.")
        ] = None,
    ) -> ContentSearchConnection:
        viewer = require_viewer(info)
        request = PageRequest(first=20 if first is None else first, after=after)
        size, _ = page_size(request, info.context.config.pages)
        start = offset_after(_offset(after))
        given = filter or ContentFilter()
        search = ContentSearch(
            query=query,
            kinds=given.kinds or (),
            product_ids=[
                argument_id(p, "Product", "productIds", argument="filter") or 0
                for p in given.product_ids or ()
            ],
            competitors=given.competitors or (),
            language=given.language,
            offset=start,
            limit=size,
            highlight=_asks(info.selected_fields, ("edges", "snippet")),
        )
        found = await read(info, search_content, viewer, datetime.now(UTC), search)
        edges = [
            ContentSearchEdge(
                cursor=encode_cursor([start + n]),
                node=ContentItem.from_row(item),
                snippet=found.snippets.get(item.id),
            )
            for n, item in enumerate(found.items)
        ]
        total = found.found.total
        return ContentSearchConnection(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=start + len(edges) < total,
                has_previous_page=start > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=total,
            by_kind=[ContentKindCount(kind=k, count=n) for k, n in found.found.by_kind],
            by_product=[
                ContentProductCount(product_id=p, count=n) for p, n in found.found.by_product
            ],
            by_competitor=[
                ContentCompetitorCount(competitor=c, count=n) for c, n in found.found.by_competitor
            ],
            fuzzy=found.fuzzy,
        )
