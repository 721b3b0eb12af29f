"""Queries over commission statements: closing writes them, documents and loaders read them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.accounts import Account
from db.models.commissions import (
    CommissionPeriod,
    CommissionStatement,
    CommissionStatementApproval,
    CommissionStatementLine,
)
from db.models.quotes import Quote
from db.queries.batches import grouped_rows


async def latest_statements_before(
    session: AsyncSession, rep_ids: Iterable[int], before: date
) -> dict[int, CommissionStatement]:
    """Each rep's statement of the latest closed period ending before ``before``."""
    ids = set(rep_ids)
    if not ids:
        return {}
    stmt = (
        select(CommissionStatement)
        .join(CommissionPeriod, CommissionPeriod.id == CommissionStatement.period_id)
        .where(CommissionStatement.rep_id.in_(ids), CommissionPeriod.end_date < before)
        .order_by(CommissionStatement.rep_id, CommissionPeriod.end_date.desc())
        .ext(distinct_on(CommissionStatement.rep_id))
    )
    return {row.rep_id: row for row in (await session.scalars(stmt)).all()}


async def quote_labels(session: AsyncSession, quote_ids: Iterable[int]) -> dict[int, str]:
    """``Q-<number> <name> (<account>)`` of each quote, for statement lines."""
    ids = set(quote_ids)
    if not ids:
        return {}
    rows = await session.execute(
        select(Quote.id, Quote.number, Quote.name, Account.name)
        .join(Account, Account.id == Quote.account_id)
        .where(Quote.id.in_(ids))
    )
    return {qid: f"Q-{number} {name} ({account})" for qid, number, name, account in rows}


async def insert_statements(
    session: AsyncSession, rows: Sequence[dict[str, Any]]
) -> dict[int, int]:
    """Insert statements in one statement; rep id → the new statement's id."""
    inserted = await session.execute(
        insert(CommissionStatement).returning(CommissionStatement.id, CommissionStatement.rep_id),
        list(rows),
    )
    return {rep: sid for sid, rep in inserted.all()}


STATEMENT_LINE_COLUMNS = (
    "statement_id",
    "position",
    "kind",
    "description",
    "credit_id",
    "quote_id",
    "adjustment_id",
    "amount",
    "details",
)


async def copy_statement_lines(session: AsyncSession, records: Sequence[tuple[Any, ...]]) -> None:
    """COPY statement lines (``STATEMENT_LINE_COLUMNS``) over the transaction's own connection:
    a close writes one line per credit, 100,000 of them in the bench."""
    if not records:
        return
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    await driver.copy_records_to_table(  # type: ignore[union-attr]
        "commission_statement_lines", records=list(records), columns=STATEMENT_LINE_COLUMNS
    )


_DANGLING = text(
    "SELECT count(*) AS lines, count(*) FILTER (WHERE NOT ("
    " CASE WHEN l.credit_id IS NULL THEN l.quote_id IS NULL"
    "  ELSE EXISTS (SELECT FROM commission_credits c WHERE c.id = l.credit_id"
    "   AND (l.quote_id IS NULL OR c.quote_id = l.quote_id)) END"
    " AND (l.adjustment_id IS NULL"
    "  OR EXISTS (SELECT FROM commission_adjustments a WHERE a.id = l.adjustment_id))"
    ")) AS dangling FROM commission_statement_lines l WHERE l.statement_id = ANY(:ids)"
)
"""Each line's references looked up by its key (subqueries in the select list are not
turned into joins): a batch's few thousand lines, not a hash of every credit per batch."""


async def dangling_lines(session: AsyncSession, statement_ids: Sequence[int]) -> tuple[int, int]:
    """(lines, dangling lines) of the statements: a line dangles when its credit or its
    adjustment does not exist, or it names a quote that is not its credit's (or a quote
    without a credit). The lines have
    no foreign keys (revision 0040): the close checks what it wrote with this one query
    (with the count of lines: each line it wrote is on one of its statements)."""
    # Its estimate (a subquery per line) passes PostgreSQL's threshold for compiling the
    # query (JIT, half a second per batch): off for the rest of the close's transaction.
    await session.execute(text("SET LOCAL jit = off"))
    found = (await session.execute(_DANGLING, {"ids": list(statement_ids)})).one()
    return int(found.lines), int(found.dangling)


async def approvals_of_statements(
    session: AsyncSession, statement_ids: Iterable[int]
) -> dict[int, CommissionStatementApproval]:
    ids = set(statement_ids)
    if not ids:
        return {}
    found = await session.scalars(
        select(CommissionStatementApproval).where(CommissionStatementApproval.statement_id.in_(ids))
    )
    return {a.statement_id: a for a in found.all()}


async def lines_of_statements(
    session: AsyncSession, statement_ids: Iterable[int]
) -> dict[int, list[CommissionStatementLine]]:
    return await grouped_rows(
        session,
        CommissionStatementLine.statement_id,
        statement_ids,
        CommissionStatementLine.position,
    )
