"""Draws, invoices paid and statement payments: what a close and a payment need."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ARRAY, Integer, Select, any_, bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.commission_payouts import CommissionDraw, CommissionPayment, InvoicePayment
from db.models.commissions import CommissionStatement


async def draws_covering(
    session: AsyncSession, rep_ids: Iterable[int], start: date, end: date
) -> dict[int, CommissionDraw]:
    """Each rep's draw in force on the period's last covered day: of the (non-overlapping)
    draws touching ``start``..``end``, the one starting latest."""
    ids = set(rep_ids)
    if not ids:
        return {}
    stmt = (
        select(CommissionDraw)
        .where(
            CommissionDraw.rep_id.in_(ids),
            CommissionDraw.start_date <= end,
            or_(CommissionDraw.end_date.is_(None), CommissionDraw.end_date >= start),
        )
        .order_by(CommissionDraw.rep_id, CommissionDraw.start_date)
    )
    return {row.rep_id: row for row in (await session.scalars(stmt)).all()}


async def invoices_paid(
    session: AsyncSession, quote_ids: Iterable[int], on_or_before: date
) -> set[int]:
    """The quotes among ``quote_ids`` whose invoice was paid on ``on_or_before`` or earlier
    (one array parameter: a close passes the quotes of 100,000 credits)."""
    ids = sorted(set(quote_ids))
    if not ids:
        return set()
    stmt = select(InvoicePayment.quote_id).where(
        InvoicePayment.quote_id == any_(bindparam("quote_ids", ids, type_=ARRAY(Integer))),
        InvoicePayment.paid_on <= on_or_before,
    )
    return set((await session.scalars(stmt)).all())


async def invoice_payment_of(session: AsyncSession, quote_id: int) -> InvoicePayment | None:
    return await session.scalar(select(InvoicePayment).where(InvoicePayment.quote_id == quote_id))


async def statement_for_update(
    session: AsyncSession, statement_id: int
) -> CommissionStatement | None:
    """The statement, locked so that two payments against it are checked one after the other."""
    stmt = (
        select(CommissionStatement)
        .where(CommissionStatement.id == statement_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return await session.scalar(stmt)


async def paid_totals(session: AsyncSession, statement_ids: Iterable[int]) -> dict[int, Decimal]:
    """What was paid against each statement (statements without payments are absent)."""
    ids = set(statement_ids)
    if not ids:
        return {}
    stmt = (
        select(CommissionPayment.statement_id, func.sum(CommissionPayment.amount))
        .where(CommissionPayment.statement_id.in_(ids))
        .group_by(CommissionPayment.statement_id)
    )
    return {sid: total for sid, total in (await session.execute(stmt)).all()}


async def payments_of_statements(
    session: AsyncSession, statement_ids: Iterable[int]
) -> dict[int, list[CommissionPayment]]:
    """Each statement's payments, oldest first."""
    ids = set(statement_ids)
    found: dict[int, list[CommissionPayment]] = defaultdict(list)
    if not ids:
        return found
    stmt = (
        select(CommissionPayment)
        .where(CommissionPayment.statement_id.in_(ids))
        .order_by(CommissionPayment.statement_id, CommissionPayment.id)
    )
    for row in (await session.scalars(stmt)).all():
        found[row.statement_id].append(row)
    return found


def draws(owners: Iterable[int] | None, rep_id: int | None) -> Select[Any]:
    """The draws of reps in ``owners`` (None: everyone's), of one rep if given."""
    stmt = select(CommissionDraw)
    if owners is not None:
        stmt = stmt.where(CommissionDraw.rep_id.in_(list(owners)))
    return stmt if rep_id is None else stmt.where(CommissionDraw.rep_id == rep_id)
