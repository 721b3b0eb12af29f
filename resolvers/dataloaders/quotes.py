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
from db.queries.quotes import LinePage, SnapshotHeader
from db.session import RequestDatabase
from schema.types.pricing_snapshot import StoredPricings

PageKey = tuple[int, int, tuple[str, ...]]
"""A revision id, the quote's version, and the line keys of a page."""


@dataclass(frozen=True, slots=True)
class QuoteLoaders:
    line_rows_by_revision_id: DataLoader[int, list[Row[Any]]]
    """Every line of a revision, in position order."""
    line_page: DataLoader[LinePage, list[Row[Any]]]
    """One page of a revision's lines; every page a request asks for in one statement."""
    line_count_by_revision_id: DataLoader[int, int]
    revision_id_by_number: DataLoader[tuple[int, int], int | None]
    """A revision's id by (quote id, revision number): a pair that never changes."""
    snapshot_page: DataLoader[PageKey, tuple[SnapshotHeader, list[dict[str, Any]]] | None]
    """A revision's snapshot header and the stored priced lines (with their bundle children)
    of a page's line keys, by (revision id, the quote's version, keys): every page a request
    asks for in one statement. The quote's version is in the key so that an edit in the
    same request (a second mutation) is read afresh."""
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

        async def revision_ids(numbers: Sequence[tuple[int, int]]) -> list[int | None]:
            async with db.read() as session:
                found = await quotes.revision_ids(session, numbers)
            return [found.get(n) for n in numbers]

        async def snapshot_pages(keys: Sequence[PageKey]) -> list[Any]:
            async with db.read() as session:
                found = await quotes.snapshot_pages(
                    session, list({r for r, _, _ in keys}), {k for *_, ks in keys for k in ks}
                )
            pages: list[tuple[SnapshotHeader, list[dict[str, Any]]] | None] = []
            for revision, _, wanted in keys:
                if revision not in found:
                    pages.append(None)
                    continue
                header, lines = found[revision]
                chosen = set(wanted)
                pages.append(
                    (
                        header,
                        [
                            line
                            for line in lines
                            if line["line_id"] in chosen or line["parent_line_id"] in chosen
                        ],
                    )
                )
            return pages

        return cls(
            revision_id_by_number=DataLoader(load_fn=revision_ids),
            snapshot_page=DataLoader(load_fn=snapshot_pages),
            line_rows_by_revision_id=DataLoader(load_fn=all_lines),
            line_page=DataLoader(load_fn=pages),
            line_count_by_revision_id=DataLoader(load_fn=counts),
        )
