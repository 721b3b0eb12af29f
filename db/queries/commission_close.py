"""The reads of a period close: credits streamed rep by rep, and what their lines need.

A close reads every credit of a period (100,000 in the bench). They are streamed through
a server-side cursor in chunks, ordered by rep, so only a few reps' credits are held at a
time (the close reads a few dozen reps ahead, ``close_writer.ReadAhead``); nothing is
hydrated as an ORM object, nor even as a SQLAlchemy row (the ledger is append-only: rows
are only read).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Sequence
from contextlib import aclosing, asynccontextmanager
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from db.models.accounts import Account
from db.models.commissions import CommissionCredit
from db.models.quotes import Quote

CREDIT_CHUNK = 5_000
"""Rows fetched per round trip of the cursor."""

_C = CommissionCredit

DAYS_FROM = "DATE '2000-01-01'"
"""The day the streamed credits' dates count from (``close_credits`` turns them back)."""


def _in_period(start: date, end: date, rep_ids: Iterable[int]) -> Any:
    return (_C.credit_date.between(start, end), _C.rep_id.in_(set(rep_ids)))


_STREAM = (
    "SELECT c.id, c.credit_key, c.quote_id, c.rep_id, c.role::text, c.share::text,"
    f" c.credit_date - {DAYS_FROM}, c.rated_on - {DAYS_FROM}, c.currency, c.account::text,"
    " c.lines::text, c.deal_discount::text, c.deal_margin::text,"
    " c.reverses_id, c.reversal_kind::text, c.completes_reversal, c.original_currency,"
    " c.exchange_rate::text, c.deal_scope::text"
    " FROM (SELECT id, rep_id FROM commission_credits"
    "  WHERE credit_date BETWEEN $1 AND $2 AND rep_id = ANY($3::bigint[])"
    "  ORDER BY rep_id, id OFFSET 0) k"
    " CROSS JOIN LATERAL (SELECT * FROM commission_credits c WHERE c.id = k.id OFFSET 0) c"
    " ORDER BY k.rep_id, k.id"
)
"""The columns a close reads, in this order (records are read by position), as plain SQL
for the driver's cursor (enums as their text, decimals as their text, dates as days since
``DAYS_FROM``).

The credits are pickled to the close's worker processes: a ``Decimal`` or a ``date``
pickles (and unpickles) as a call of its class, text and integers as their bytes. Read as
text and days, the close's process neither builds those objects (the driver's decoding)
nor pickles them, and a worker builds each once (a ledger repeats a few: shares, discounts,
the quarter's days; ``close_credits``). ``numeric``'s text is the same whatever the session's
settings (``DateStyle`` changes a date's text, not a difference of dates).

Only the keys are sorted; each row is then read by its id, its JSON printed as it is sent
(``OFFSET 0`` keeps both subqueries whole: a nested loop in the keys' order). Sorting the
rows themselves sorted 100,000 printed credits (90 MB, on disk) before the first was
sent, and the close waited for that before computing anything."""


async def credits_by_rep(
    session: AsyncSession | AsyncConnection, start: date, end: date, rep_ids: Iterable[int]
) -> AsyncGenerator[tuple[int, list[Sequence[Any]]], None]:
    """Each rep's credits dated in ``[start, end]`` (records of ``_STREAM``'s columns, the enums
    ``role`` and ``reversal_kind`` and the JSON columns as text; id order), one rep at a time, in
    ascending rep id; reps without credits are not yielded.

    Read with the driver's own cursor on the session's connection, ``CREDIT_CHUNK`` rows per
    round trip: SQLAlchemy's row processing was a third of reading 100,000 credits. Given
    a connection (``snapshot_reader``'s), read on it."""
    connection = session if isinstance(session, AsyncConnection) else await session.connection()
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection
    args = (start, end, sorted(set(rep_ids)))
    if driver.is_in_transaction():
        chunks: AsyncGenerator[list[Any], None] = _fetched(await driver.cursor(_STREAM, *args))
    else:  # a cursor needs a transaction; a caller outside one reads them at once
        chunks = _all(await driver.fetch(_STREAM, *args))
    current: int | None = None
    rows: list[Sequence[Any]] = []
    async with aclosing(chunks):
        async for chunk in chunks:  # (grouped by rep a chunk at a time: no Python step per row)
            for rep, group in groupby(chunk, _REP):
                if rep == current:
                    rows += group
                    continue
                if rows:
                    yield current, rows  # type: ignore[misc]
                current, rows = rep, list(group)
    if rows:
        yield current, rows  # type: ignore[misc]


_REP = itemgetter(3)
"""A ``_STREAM`` record's rep id."""


async def _fetched(cursor: Any) -> AsyncGenerator[list[Any], None]:
    """The cursor's rows, ``CREDIT_CHUNK`` per round trip (a list each: iterating the cursor
    row by row ran four of the driver's Python functions per row)."""
    while chunk := await cursor.fetch(CREDIT_CHUNK):
        yield chunk


@asynccontextmanager
async def snapshot_reader(
    session: AsyncSession, start: date, end: date, rep_ids: Iterable[int]
) -> AsyncIterator[AsyncConnection | None]:
    """A second connection of the session's engine whose read-only transaction sees exactly
    what the session's transaction sees now (its snapshot, exported and imported), for
    reading the credits dated in ``[start, end]`` on another PostgreSQL backend while the
    session's connection writes; ``None`` when the transaction wrote such credits itself
    (an exported snapshot does not carry them: read them on the session's connection then),
    or when the session is in a savepoint (which cannot export its snapshot).

    Its own writes are found by counting the credits on both sides (only when it wrote
    anything at all): the ledger is append-only (triggers refuse changes and deletions), so
    the snapshot's credits are a subset of what the transaction sees, and equal counts make
    them the same; a credit committed by another transaction since the export also makes the
    counts differ, and the close then reads as it would have on its own connection.

    The session's transaction must stay open while the connection is used (it is the
    snapshot's source); the connection's transaction is rolled back and the connection
    returned to the pool at the end, an error included. It has the session's statement
    timeout (a close raises it for its transaction)."""
    if session.in_nested_transaction():  # (a subtransaction cannot export its snapshot)
        yield None
        return
    connection = await session.connection()
    found = await connection.execute(
        text(
            "SELECT pg_current_xact_id_if_assigned() IS NOT NULL, pg_export_snapshot(),"
            " current_setting('statement_timeout')"
        )
    )
    wrote, snapshot, timeout = found.one()
    count = select(func.count()).select_from(_C).where(*_in_period(start, end, rep_ids))
    async with connection.engine.connect() as reader:
        reading = await reader.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
        await reading.begin()
        try:
            await reading.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))
            await reading.execute(
                text("SELECT set_config('statement_timeout', :timeout, true)"), {"timeout": timeout}
            )
            if wrote and await reading.scalar(count) != await connection.scalar(count):
                yield None
            else:
                yield reading
        finally:
            await reading.rollback()


async def _all(rows: list[Any]) -> AsyncGenerator[list[Any], None]:
    yield rows


async def credit_currencies(
    session: AsyncSession, start: date, end: date, rep_ids: Iterable[int]
) -> list[tuple[int, str, date]]:
    """(rep, currency, latest ``rated_on``) of the credits dated in ``[start, end]``: which
    exchange rates a close needs, without reading the credits."""
    rows = await session.execute(
        select(_C.rep_id, _C.currency, func.max(_C.rated_on))
        .where(*_in_period(start, end, rep_ids))
        .group_by(_C.rep_id, _C.currency)
    )
    return [(rep, currency, latest) for rep, currency, latest in rows]


async def quote_labels_in(
    session: AsyncSession, start: date, end: date, rep_ids: Iterable[int]
) -> dict[int, str]:
    """``Q-<number> <name> (<account>)`` of each quote credited in ``[start, end]`` (as
    ``commission_statements.quote_labels``), found by a subquery, not a list of ids."""
    credited = select(_C.quote_id).where(*_in_period(start, end, rep_ids)).distinct()
    rows = await session.execute(
        select(Quote.id, Quote.number, Quote.name, Account.name)
        .join(Account, Account.id == Quote.account_id)
        .where(Quote.id.in_(credited.scalar_subquery()))
    )
    return {qid: f"Q-{number} {name} ({account})" for qid, number, name, account in rows}
