"""The content dataloaders, built together once per request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from strawberry.dataloader import DataLoader

from db.models.content import ContentItem, ContentQuiz
from db.models.content_attachments import ContentAttachment
from db.models.content_versions import ContentItemVersion
from db.queries.content import shared_on_quotes
from db.queries.content_versions import PageKey, latest_numbers, version_pages
from db.session import RequestDatabase
from resolvers.dataloaders.factories import answered, by_id, found, from_tables, grouped_by
from services.content.relevance import RelevantItem, relevant_content

RelevantKey = tuple[int, int, tuple[str, ...] | None]


@dataclass(frozen=True, slots=True)
class ContentLoaders:
    item_by_id: DataLoader[int, ContentItem | None]
    quiz_by_item: DataLoader[int, list[ContentQuiz]]
    shared_on_quote: DataLoader[int, list[ContentItem]]
    relevant_by_quote: DataLoader[RelevantKey, list[RelevantItem]]
    """By (quote id, how many, the viewer's roles or None for every audience): one statement
    for every quote of a list (per audience, and a request has one)."""
    attachment_by_id: DataLoader[int, ContentAttachment | None]
    attachments_by_item: DataLoader[int, list[ContentAttachment]]
    version_page: DataLoader[PageKey, list[ContentItemVersion]]
    """By (item id, how many, the number to start below or None): one statement per batch."""
    version_number_by_item: DataLoader[int, int]
    """An item's newest version number (0 when it has none)."""

    @classmethod
    def build(cls, db: RequestDatabase) -> ContentLoaders:
        grouped = (("quiz_by_item", ContentQuiz.content_item_id),)
        tables = from_tables(db, (("item_by_id", ContentItem),), grouped)
        return cls(
            **tables,
            shared_on_quote=DataLoader(load_fn=_shared(db)),
            relevant_by_quote=DataLoader(load_fn=_relevant(db)),
            attachment_by_id=by_id(db, ContentAttachment),
            attachments_by_item=grouped_by(
                db, ContentAttachment, ContentAttachment.content_item_id, ContentAttachment.id
            ),
            version_page=answered(db, version_pages),
            version_number_by_item=found(db, latest_numbers, 0),
        )


def _shared(db: RequestDatabase) -> Callable[[Sequence[int]], Awaitable[list[list[ContentItem]]]]:
    async def load(quote_ids: Sequence[int]) -> list[list[ContentItem]]:
        async with db.read() as session:
            found = await shared_on_quotes(session, quote_ids, datetime.now(UTC))
        return [found.get(q, []) for q in quote_ids]

    return load


def _relevant(
    db: RequestDatabase,
) -> Callable[[Sequence[RelevantKey]], Awaitable[list[list[RelevantItem]]]]:
    async def load(keys: Sequence[RelevantKey]) -> list[list[RelevantItem]]:
        now = datetime.now(UTC)
        by_audience: dict[tuple[str, ...] | None, list[tuple[int, int]]] = {}
        for quote_id, limit, roles in keys:
            by_audience.setdefault(roles, []).append((quote_id, limit))
        found: dict[RelevantKey, list[RelevantItem]] = {}
        async with db.read_in_transaction() as session:  # its plans are set with SET LOCAL
            for roles, asked in by_audience.items():
                ranked = await relevant_content(session, roles, now, asked)
                found |= {(q, n, roles): items for (q, n), items in ranked.items()}
        return [found[key] for key in keys]

    return load
