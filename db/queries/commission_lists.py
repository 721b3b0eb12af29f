"""The statements behind the commissions lists (connections page them), filtered by visibility.

``owners`` is the set of reps the viewer may see (``None``: everyone).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.commissions import (
    CommissionAssignment,
    CommissionCredit,
    CommissionInquiry,
    CommissionPeriod,
    CommissionPeriodStatus,
    CommissionPlan,
    CommissionStatement,
    CommissionStatementLine,
    InquiryStatus,
)

Owners = Collection[int] | None


def plans() -> Select[Any]:
    return select(CommissionPlan)


async def plan_currencies(session: AsyncSession) -> dict[int, str]:
    rows = await session.execute(select(CommissionPlan.id, CommissionPlan.currency))
    return {plan_id: currency for plan_id, currency in rows}


def assignments(owners: Owners, rep_id: int | None, plan_id: int | None) -> Select[Any]:
    stmt = select(CommissionAssignment)
    if owners is not None:
        stmt = stmt.where(CommissionAssignment.rep_id.in_(owners))
    if rep_id is not None:
        stmt = stmt.where(CommissionAssignment.rep_id == rep_id)
    if plan_id is not None:
        stmt = stmt.where(CommissionAssignment.plan_id == plan_id)
    return stmt


def periods(status: CommissionPeriodStatus | None) -> Select[Any]:
    stmt = select(CommissionPeriod)
    return stmt if status is None else stmt.where(CommissionPeriod.status == status)


def credits(
    owners: Owners,
    rep_id: int | None,
    quote_id: int | None,
    from_date: date | None,
    to_date: date | None,
) -> Select[Any]:
    stmt = select(CommissionCredit)
    if owners is not None:
        stmt = stmt.where(CommissionCredit.rep_id.in_(owners))
    if rep_id is not None:
        stmt = stmt.where(CommissionCredit.rep_id == rep_id)
    if quote_id is not None:
        stmt = stmt.where(CommissionCredit.quote_id == quote_id)
    if from_date is not None:
        stmt = stmt.where(CommissionCredit.credit_date >= from_date)
    if to_date is not None:
        stmt = stmt.where(CommissionCredit.credit_date <= to_date)
    return stmt


def statements(owners: Owners, period_id: int | None, rep_id: int | None) -> Select[Any]:
    stmt = select(CommissionStatement)
    if owners is not None:
        stmt = stmt.where(CommissionStatement.rep_id.in_(owners))
    if period_id is not None:
        stmt = stmt.where(CommissionStatement.period_id == period_id)
    if rep_id is not None:
        stmt = stmt.where(CommissionStatement.rep_id == rep_id)
    return stmt


def statement_lines(statement_id: int | None) -> Select[Any]:
    """A statement's lines (none for ``None``: a statement the viewer may not see)."""
    return select(CommissionStatementLine).where(
        CommissionStatementLine.statement_id == (-1 if statement_id is None else statement_id)
    )


def inquiries(
    owners: Owners, statuses: Iterable[InquiryStatus] | None, rep_id: int | None
) -> Select[Any]:
    stmt = select(CommissionInquiry)
    if owners is not None:
        stmt = stmt.where(CommissionInquiry.rep_id.in_(owners))
    if statuses:
        stmt = stmt.where(CommissionInquiry.status.in_(list(statuses)))
    if rep_id is not None:
        stmt = stmt.where(CommissionInquiry.rep_id == rep_id)
    return stmt
