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
from db.models.commissions import CommissionPlanVersion, CommissionStatement
from db.queries.batches import totals_by_key


async def draws_covering(
    session: AsyncSession, rep_ids: Iterable[int], start: date, end: date
) -> dict[int, list[CommissionDraw]]:
    """Each rep's (non-overlapping) draws touching ``start``..``end``, earliest start first."""
    ids = set(rep_ids)
    if not ids:
        return {}
    return await _touching(session, CommissionDraw.rep_id.in_(ids), start, end)


async def _touching(
    session: AsyncSession, reps: Any, start: date, end: date
) -> dict[int, list[CommissionDraw]]:
    """Per rep matching ``reps``, the draws touching ``start``..``end``, earliest start first."""
    stmt = (
        select(CommissionDraw)
        .where(
            reps,
            CommissionDraw.start_date <= end,
            or_(CommissionDraw.end_date.is_(None), CommissionDraw.end_date >= start),
        )
        .order_by(CommissionDraw.rep_id, CommissionDraw.start_date)
    )
    found: dict[int, list[CommissionDraw]] = defaultdict(list)
    for row in (await session.scalars(stmt)).all():
        found[row.rep_id].append(row)
    return dict(found)


async def draws_covering_except(
    session: AsyncSession, rep_ids: Iterable[int], start: date, end: date
) -> dict[int, list[CommissionDraw]]:
    """``draws_covering`` for every rep but those in ``rep_ids`` (the reps a close already
    has a plan for): the reps with a draw and no assignment in the period."""
    others = CommissionDraw.rep_id.not_in(set(rep_ids) or {-1})
    return await _touching(session, others, start, end)


async def version_holds(
    session: AsyncSession, plan_ids: Iterable[int]
) -> dict[tuple[int, int], bool]:
    """Each plan version's payment hold, by (plan id, version number)."""
    ids = set(plan_ids)
    if not ids:
        return {}
    stmt = select(
        CommissionPlanVersion.plan_id,
        CommissionPlanVersion.number,
        CommissionPlanVersion.holds_until_invoice_paid,
    ).where(CommissionPlanVersion.plan_id.in_(ids))
    return {(plan, number): holds for plan, number, holds in (await session.execute(stmt)).all()}


async def draws_of_assignment(session: AsyncSession, assignment_id: int) -> list[CommissionDraw]:
    """The draws belonging to an assignment, locked (its end moves theirs)."""
    stmt = (
        select(CommissionDraw)
        .where(CommissionDraw.assignment_id == assignment_id)
        .order_by(CommissionDraw.start_date)
        .with_for_update()
    )
    return list((await session.scalars(stmt)).all())


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
    paid = func.sum(CommissionPayment.amount)
    return await totals_by_key(session, CommissionPayment.statement_id, paid, statement_ids)


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
