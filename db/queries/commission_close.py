"""The reads of a period close: credits streamed rep by rep, and what their lines need.

A close reads every credit of a period (100,000 in the bench). They are streamed through
a server-side cursor in chunks, ordered by rep, so only one rep's credits are held at a
time; nothing is hydrated as an ORM object (the ledger is append-only: rows are only read).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import date
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.accounts import Account
from db.models.commissions import CommissionCredit
from db.models.quotes import Quote

CREDIT_CHUNK = 5_000
"""Rows fetched per round trip of the cursor."""

_C = CommissionCredit
CLOSE_COLUMNS = (
    _C.id,
    _C.credit_key,
    _C.quote_id,
    _C.rep_id,
    _C.role,
    _C.share,
    _C.credit_date,
    _C.rated_on,
    _C.currency,
    _C.account,
    _C.lines,
    _C.deal_discount,
    _C.deal_margin,
    _C.reverses_id,
    _C.reversal_kind,
    _C.completes_reversal,
    _C.original_currency,
    _C.exchange_rate,
    _C.deal_scope,
)
"""The columns a close reads, in this order (rows are read by position)."""


def _in_period(start: date, end: date, rep_ids: Iterable[int]) -> Any:
    return (_C.credit_date.between(start, end), _C.rep_id.in_(set(rep_ids)))


async def credits_by_rep(
    session: AsyncSession, start: date, end: date, rep_ids: Iterable[int]
) -> AsyncIterator[tuple[int, list[Row[Any]]]]:
    """Each rep's credits dated in ``[start, end]`` (rows of ``CLOSE_COLUMNS``, id order), one
    rep at a time, in ascending rep id; reps without credits are not yielded."""
    stmt = (
        select(*CLOSE_COLUMNS)
        .where(*_in_period(start, end, rep_ids))
        .order_by(_C.rep_id, _C.id)
        .execution_options(yield_per=CREDIT_CHUNK)
    )
    result = await session.stream(stmt)
    current: int | None = None
    rows: list[Row[Any]] = []
    async for chunk in result.partitions():
        for row in chunk:
            if row[3] != current:
                if rows:
                    yield current, rows  # type: ignore[misc]
                current, rows = row[3], []
            rows.append(row)
    if rows:
        yield current, rows  # type: ignore[misc]


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
