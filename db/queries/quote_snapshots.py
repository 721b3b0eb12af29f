"""Writing a quote revision's priced snapshot: its header in the revision's row, each
priced line in its own ``quote_priced_lines`` row (``db.models.quotes.QuotePricedLine``),
so an edit writes only the lines whose price changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, Text, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

_SNAPSHOT_PARAMS = (
    bindparam("revision_id", type_=Integer),
    bindparam("positions", type_=ARRAY(Integer)),
    bindparam("line_ids", type_=ARRAY(Text)),
    bindparam("parent_line_ids", type_=ARRAY(Text)),
    bindparam("data", type_=ARRAY(Text)),
    bindparam("header", type_=Text),
    bindparam("pricing_date", type_=Date),
)

# A revision's priced snapshot: its header in the revision's row and its lines, one row
# each (``QuotePricedLine``). The lines at ``:positions`` are written (one whose JSON is
# unchanged is left as it is), those from ``:count`` on are gone and the header is set, in
# one statement.
_STORE_SNAPSHOT = (
    text(
        """
    WITH gone AS (
        DELETE FROM quote_priced_lines
        WHERE revision_id = :revision_id AND position >= :count
    ), written AS (
        INSERT INTO quote_priced_lines AS p
            (revision_id, position, line_id, parent_line_id, data)
        SELECT :revision_id, u.position, u.line_id, u.parent_line_id, CAST(u.data AS jsonb)
        FROM unnest(:positions, :line_ids, :parent_line_ids, :data)
             AS u(position, line_id, parent_line_id, data)
        ON CONFLICT (revision_id, position) DO UPDATE
        SET line_id = EXCLUDED.line_id, parent_line_id = EXCLUDED.parent_line_id,
            data = EXCLUDED.data
        WHERE p.data IS DISTINCT FROM EXCLUDED.data
    )
    UPDATE quote_revisions
    SET priced = CAST(:header AS jsonb), pricing_date = :pricing_date, updated_at = now()
    WHERE id = :revision_id
    RETURNING updated_at
    """
    )
    .bindparams(bindparam("count", type_=Integer), *_SNAPSHOT_PARAMS)
    .columns(updated_at=DateTime(timezone=True))
)


# The same for a revision that stores no priced lines yet (a new one): its rows are only
# inserted, with no rows to drop nor conflicts to look for (a fifth less of the statement's
# time at 1,000 lines); a row already there fails on the primary key, never overwritten.
_INSERT_SNAPSHOT = (
    text(
        """
    WITH written AS (
        INSERT INTO quote_priced_lines (revision_id, position, line_id, parent_line_id, data)
        SELECT :revision_id, u.position, u.line_id, u.parent_line_id, CAST(u.data AS jsonb)
        FROM unnest(:positions, :line_ids, :parent_line_ids, :data)
             AS u(position, line_id, parent_line_id, data)
    )
    UPDATE quote_revisions
    SET priced = CAST(:header AS jsonb), pricing_date = :pricing_date, updated_at = now()
    WHERE id = :revision_id
    RETURNING updated_at
    """
    )
    .bindparams(*_SNAPSHOT_PARAMS)
    .columns(updated_at=DateTime(timezone=True))
)


@dataclass(frozen=True, slots=True)
class PricedLineRow:
    """A priced line to store at ``position``: its key, its parent's and its JSON text."""

    position: int
    line_id: str
    parent_line_id: str | None
    data: str


async def store_snapshot(
    session: AsyncSession,
    revision_id: int,
    header: tuple[str, date],
    rows: Sequence[PricedLineRow],
    count: int,
    *,
    fresh: bool = False,
) -> datetime:
    """Store revision ``revision_id``'s priced snapshot: ``header`` (its JSON text without
    the lines, and the pricing date) and ``rows`` at their positions (a row whose JSON is
    unchanged is not rewritten), dropping its lines from ``count`` on; when the revision's
    row was written (``updated_at``). ``fresh``: the revision stores no priced lines yet
    (``rows`` are all of them), so they are only inserted."""
    text, pricing_date = header
    values = {
        "revision_id": revision_id,
        "positions": [row.position for row in rows],
        "line_ids": [row.line_id for row in rows],
        "parent_line_ids": [row.parent_line_id for row in rows],
        "data": [row.data for row in rows],
        "header": text,
        "pricing_date": pricing_date,
    }
    if fresh:
        written = await session.scalar(_INSERT_SNAPSHOT, values)
    else:
        written = await session.scalar(_STORE_SNAPSHOT, {**values, "count": count})
    assert isinstance(written, datetime)
    return written


_COPY_PRICED_LINES = text(
    "INSERT INTO quote_priced_lines (revision_id, position, line_id, parent_line_id, data)"
    " SELECT :target, position, line_id, parent_line_id, data FROM quote_priced_lines"
    " WHERE revision_id = :source"
).bindparams(bindparam("target", type_=Integer), bindparam("source", type_=Integer))


async def copy_priced_lines(session: AsyncSession, source_id: int, target_id: int) -> None:
    """Give revision ``target_id`` the priced lines of revision ``source_id``, in one
    statement, inside the database."""
    await session.execute(_COPY_PRICED_LINES, {"source": source_id, "target": target_id})
