"""Queries over commission statements: closing writes them, documents and loaders read them."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ARRAY, Integer, Select, any_, bindparam, insert, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from db.codec.statement_lines import STATEMENT_LINE_COLUMNS as STATEMENT_LINE_COLUMNS
from db.codec.statement_lines import EncodedLines
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
    params = {"reps": sorted(ids), "before": before}
    return {row.rep_id: row for row in (await session.scalars(_latest_statement(), params)).all()}


@functools.cache
def _latest_statement() -> Select[tuple[CommissionStatement]]:
    """The statement of ``latest_statements_before``, built once (the array parameter
    ``reps`` and ``before``): every commission read of a team runs it."""
    return (
        select(CommissionStatement)
        .join(CommissionPeriod, CommissionPeriod.id == CommissionStatement.period_id)
        .where(
            CommissionStatement.rep_id == any_(bindparam("reps", type_=ARRAY(Integer))),
            CommissionPeriod.end_date < bindparam("before"),
        )
        .order_by(CommissionStatement.rep_id, CommissionPeriod.end_date.desc())
        .ext(distinct_on(CommissionStatement.rep_id))
    )


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


async def copy_statement_lines(session: AsyncSession, lines: EncodedLines) -> None:
    """COPY statement lines, encoded where they were computed (``EncodedLines``), over the
    transaction's own connection: a close writes one line per credit, 100,000 of them in the
    bench."""
    if not len(lines):
        return
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection
    await driver.copy_to_table(
        "commission_statement_lines",
        source=lines.copy_chunks(),
        columns=STATEMENT_LINE_COLUMNS,
        format="binary",
    )


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
