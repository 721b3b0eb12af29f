"""A quote's lines as a read shows them, built together once per request: every line of a
revision or one page of it as plain rows (no ORM objects), the line counts, and each
revision's pricing snapshot decoded once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row
from strawberry.dataloader import DataLoader

from db.queries import quotes
from db.queries.quotes import LinePage
from db.session import RequestDatabase
from schema.types.pricing_snapshot import StoredPricings


@dataclass(frozen=True, slots=True)
class QuoteLoaders:
    line_rows_by_revision_id: DataLoader[int, list[Row[Any]]]
    """Every line of a revision, in position order."""
    line_page: DataLoader[LinePage, list[Row[Any]]]
    """One page of a revision's lines; every page a request asks for in one statement."""
    line_count_by_revision_id: DataLoader[int, int]
    stored_pricings: StoredPricings = field(default_factory=StoredPricings)
    """Each revision's pricing snapshot, decoded once for the whole request."""

    @classmethod
    def build(cls, db: RequestDatabase) -> QuoteLoaders:
        async def all_lines(revision_ids: Sequence[int]) -> list[list[Row[Any]]]:
            async with db.read() as session:
                rows = await quotes.line_rows(session, revision_ids)
            grouped: dict[int, list[Row[Any]]] = defaultdict(list)
            for row in rows:
                grouped[row.revision_id].append(row)
            return [grouped.get(i, []) for i in revision_ids]

        async def pages(requests: Sequence[LinePage]) -> list[list[Row[Any]]]:
            async with db.read() as session:
                return await quotes.line_pages(session, requests)

        async def counts(revision_ids: Sequence[int]) -> list[int]:
            async with db.read() as session:
                found = await quotes.line_counts(session, revision_ids)
            return [found.get(i, 0) for i in revision_ids]

        return cls(
            line_rows_by_revision_id=DataLoader(load_fn=all_lines),
            line_page=DataLoader(load_fn=pages),
            line_count_by_revision_id=DataLoader(load_fn=counts),
        )
