"""``changes(since:, first:)``: a phone's delta sync of what it caches (catalog, price books,
the clause library, content, the reader's quotes) in one small request."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any

import strawberry
from strawberry.relay import to_base64

from content.window import ContentStatus as ContentStatusModel
from content.window import status
from db.queries.sync import library_entries
from resolvers.quotes.clause_library import LibraryClause, _library_clause
from resolvers.reading import read
from schema.connection import PageRequest, page_size
from schema.errors import BadUserInput
from schema.permissions import require_viewer, signed_in
from schema.types.catalog import Product
from schema.types.content import ContentItem
from schema.types.price_books import PriceBook, PriceBookEntry
from schema.types.quote import Quote
from services.refusal import Refused
from services.sync.changes import ChangePage, Tombstone, changes_since
from services.sync.cursor import encode


@strawberry.enum(description="Why an entity left what the phone should keep.")
class TombstoneKind(enum.Enum):
    DELETED = strawberry.enum_value("DELETED", description="It was deleted.")
    RETIRED = strawberry.enum_value(
        "RETIRED",
        description="It was retired (a product or price book made inactive, a clause retired, "
        "content past its retire instant): no longer offered, drop it from the cache.",
    )
    REVOKED = strawberry.enum_value(
        "REVOKED",
        description="You may no longer see it (a quote handed to another rep, content whose "
        "audience no longer includes you).",
    )


@strawberry.type(description="An entity the phone should drop from its cache.")
class ChangeTombstone:
    entity_id: str
    """The id the phone cached it under: its global ID, or for a `LibraryClause` its
    `clauseId`. (Named `entityId`, not `id`: a tombstone is not a node, and `node` does not
    resolve what is gone.)"""
    typename: str
    """Its GraphQL type: Product, PriceBook, PriceBookEntry, LibraryClause, ContentItem or
    Quote."""
    kind: TombstoneKind
    """Why it goes."""


@strawberry.type(
    description="What changed for you since a cursor: the entities to store as they are now "
    "(each in its own GraphQL type, so the phone reuses its fragments), the ones to drop, and "
    "the cursor to pass next time. Each entity comes once, in its latest state, however often "
    "it changed."
)
class ChangeSet:
    products: list[Product]
    """Products added or changed (active ones; a retired product is a tombstone)."""
    price_books: list[PriceBook]
    """Price books added or changed (active ones)."""
    price_book_entries: list[PriceBookEntry]
    """Price book entries added or changed; an entry of a retired book stays until the book's
    tombstone drops it with its book."""
    clauses: list[LibraryClause]
    """Library clauses added or revised (active ones), with their latest text."""
    content_items: list[ContentItem]
    """Content you may read that was published, added or changed (retired content is a
    tombstone)."""
    quotes: list[Quote]
    """Your quotes (a manager: the team's) that were created or changed in any way."""
    tombstones: list[ChangeTombstone]
    """What to drop: deleted, retired, or no longer visible to you."""
    cursor: str | None
    """Opaque: pass it as `since` next time. Null only with `resetRequired`."""
    has_more: bool
    """True: more changes are waiting; call again at once with `cursor`."""
    reset_required: bool
    """True: the cursor is older than the change log keeps (or the log was pruned past it):
    drop the cache and sync again from `since: null`. Nothing else is sent."""


TYPENAMES = {
    "PRODUCT": "Product",
    "PRICE_BOOK": "PriceBook",
    "PRICE_BOOK_ENTRY": "PriceBookEntry",
    "CLAUSE": "LibraryClause",
    "CONTENT_ITEM": "ContentItem",
    "QUOTE": "Quote",
}


def _tombstone(stone: Tombstone) -> ChangeTombstone:
    typename = TYPENAMES[stone.entity_type]
    key = (
        str(stone.entity_id)
        if stone.entity_type == "CLAUSE"
        else to_base64(typename, stone.entity_id)
    )
    return ChangeTombstone(entity_id=key, typename=typename, kind=TombstoneKind[stone.kind])


async def _nodes(info: strawberry.Info, node_type: Any, ids: Sequence[int]) -> list[Any]:
    """The visible ones of ``ids`` through the type's own ``resolve_nodes`` (its loader and
    its visibility rule): one batch per type."""
    if not ids:
        return []
    resolve: Callable[..., Awaitable[list[Any]]] = node_type.resolve_nodes
    found = await resolve(info=info, node_ids=[str(key) for key in ids])
    return [node for node in found if node is not None]


async def _change_set(info: strawberry.Info, page: ChangePage, now: datetime) -> ChangeSet:
    ups = page.upserts
    tombstones = [_tombstone(stone) for stone in page.tombstones]
    contents: list[ContentItem] = []
    for item in await _nodes(info, ContentItem, ups.get("CONTENT_ITEM", [])):
        if status(item.publish_at, item.retire_at, now) is ContentStatusModel.RETIRED:
            tombstones.append(
                ChangeTombstone(
                    entity_id=to_base64("ContentItem", item.id),
                    typename="ContentItem",
                    kind=TombstoneKind.RETIRED,
                )
            )
        else:
            contents.append(item)
    clause_ids = ups.get("CLAUSE", [])
    async with info.context.db.read() as session:
        entries = await library_entries(session, clause_ids) if clause_ids else {}
    key = info.context.config.sync.key
    return ChangeSet(
        products=await _nodes(info, Product, ups.get("PRODUCT", [])),
        price_books=await _nodes(info, PriceBook, ups.get("PRICE_BOOK", [])),
        price_book_entries=await _nodes(info, PriceBookEntry, ups.get("PRICE_BOOK_ENTRY", [])),
        clauses=[_library_clause(entries[k]) for k in clause_ids if k in entries],
        content_items=contents,
        quotes=await _nodes(info, Quote, ups.get("QUOTE", [])),
        tombstones=tombstones,
        cursor=None if page.cursor is None else encode(page.cursor, key),
        has_more=page.has_more,
        reset_required=page.reset_required,
    )


@strawberry.type
class SyncQueries:
    @strawberry.field(
        extensions=signed_in(),
        description=(
            "Delta sync for what the phone caches: with `since: null` everything you may see "
            "(active products, price books and their entries, active library clauses, live "
            "content for you, your quotes), in pages; with the `cursor` of the last answer only "
            "what changed since, each entity once in its latest state, plus tombstones for what "
            "was deleted, retired or is no longer yours to see. Changes are in commit order, so "
            "none is skipped however transactions interleave. Errors: BAD_USER_INPUT for a "
            "malformed cursor, one issued to someone else, or `first` out of range."
        ),
    )
    async def changes(
        self,
        info: strawberry.Info,
        since: Annotated[
            str | None,
            strawberry.argument(
                description="The `cursor` of your last `changes`; null for a first sync."
            ),
        ] = None,
        first: Annotated[
            int | None,
            strawberry.argument(
                description="At most this many entities (upserts and tombstones together), "
                "1 to the page cap (200); the default page size when null."
            ),
        ] = None,
    ) -> ChangeSet:
        viewer = require_viewer(info)
        size, _ = page_size(PageRequest(first=first), info.context.config.pages)
        if size < 1:
            raise BadUserInput("`first` must be at least 1.", argument="first")
        now = datetime.now(UTC)
        try:
            page = await read(
                info, changes_since, viewer, now, since, size, info.context.config.sync
            )
        except Refused as refused:
            raise BadUserInput(refused.refusals[0].message, argument="since") from refused
        return await _change_set(info, page, now)
