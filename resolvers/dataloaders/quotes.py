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


@dataclass(frozen=True, slots=True)
class QuoteLoaders:
    line_rows_by_revision_id: DataLoader[int, list[Row[Any]]]
    """Every line of a revision, in position order."""
    line_page: DataLoader[LinePage, list[Row[Any]]]
    """One page of a revision's lines; every page a request asks for in one statement."""
    line_count_by_revision_id: DataLoader[int, int]
    revision_id_by_number: DataLoader[tuple[int, int], int | None]
    """A revision's id by (quote id, revision number): a pair that never changes."""
    snapshot_header: DataLoader[tuple[int, int], SnapshotHeader | None]
    """A revision's snapshot without its lists, by (revision id, the quote's version)."""
    snapshot_lines: DataLoader[tuple[int, int, str], list[dict[str, Any]]]
    """A stored priced line and its bundle children, by (revision id, the quote's version,
    line key); a page's lines in one statement. The quote's version in the keys: an edit
    in the same request (a second mutation) is read afresh."""
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

        async def headers(keys: Sequence[tuple[int, int]]) -> list[SnapshotHeader | None]:
            async with db.read() as session:
                found = await quotes.snapshot_headers(session, [r for r, _ in keys])
            return [found.get(r) for r, _ in keys]

        async def priced_lines(keys: Sequence[tuple[int, int, str]]) -> list[list[dict[str, Any]]]:
            async with db.read() as session:
                found = await quotes.snapshot_lines(
                    session, list({r for r, _, _ in keys}), {k for _, _, k in keys}
                )
            return [
                [
                    line
                    for line in found.get(revision, [])
                    if key in (line["line_id"], line["parent_line_id"])
                ]
                for revision, _, key in keys
            ]

        return cls(
            revision_id_by_number=DataLoader(load_fn=revision_ids),
            snapshot_header=DataLoader(load_fn=headers),
            snapshot_lines=DataLoader(load_fn=priced_lines),
            line_rows_by_revision_id=DataLoader(load_fn=all_lines),
            line_page=DataLoader(load_fn=pages),
            line_count_by_revision_id=DataLoader(load_fn=counts),
        )
