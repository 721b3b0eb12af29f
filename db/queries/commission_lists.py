"""The statements behind the commissions lists (connections page them), filtered by visibility.

``owners`` is the set of reps the viewer may see (``None``: everyone).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.commission_payouts import CommissionPayment
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
from db.queries.listing import matching

Owners = Collection[int] | None


def plans() -> Select[Any]:
    return select(CommissionPlan)


async def plan_currencies(session: AsyncSession) -> dict[int, str]:
    rows = await session.execute(select(CommissionPlan.id, CommissionPlan.currency))
    return {plan_id: currency for plan_id, currency in rows}


def _matching(model: Any, owners: Owners, **equal: object | None) -> Select[Any]:
    """Rows of ``model`` (which has a ``rep_id``) the viewer may see, whose named columns
    equal the given values (a ``None`` value does not filter)."""
    stmt = matching(model, **equal)
    return stmt if owners is None else stmt.where(model.rep_id.in_(owners))


def assignments(owners: Owners, rep_id: int | None, plan_id: int | None) -> Select[Any]:
    return _matching(CommissionAssignment, owners, rep_id=rep_id, plan_id=plan_id)


def periods(status: CommissionPeriodStatus | None) -> Select[Any]:
    return matching(CommissionPeriod, status=status)


def credits(
    owners: Owners,
    rep_id: int | None,
    quote_id: int | None,
    from_date: date | None,
    to_date: date | None,
) -> Select[Any]:
    stmt = _matching(CommissionCredit, owners, rep_id=rep_id, quote_id=quote_id)
    if from_date is not None:
        stmt = stmt.where(CommissionCredit.credit_date >= from_date)
    if to_date is not None:
        stmt = stmt.where(CommissionCredit.credit_date <= to_date)
    return stmt


def statements(
    owners: Owners,
    period_id: int | None,
    rep_id: int | None,
    payment_statuses: Collection[str] | None = None,
) -> Select[Any]:
    """The statements, of the payment statuses named (``commissions.payments.payment_status``
    as SQL: PAID, PARTIALLY_PAID, UNPAID) when given."""
    stmt = _matching(CommissionStatement, owners, period_id=period_id, rep_id=rep_id)
    if not payment_statuses:
        return stmt
    paid = func.coalesce(
        select(func.sum(CommissionPayment.amount))
        .where(CommissionPayment.statement_id == CommissionStatement.id)
        .scalar_subquery(),
        0,
    )
    due = CommissionStatement.amount_due
    conditions = {
        "PAID": paid >= due,
        "PARTIALLY_PAID": and_(paid > 0, paid < due),
        "UNPAID": and_(paid <= 0, paid < due),
    }
    return stmt.where(or_(*(conditions[status] for status in sorted(set(payment_statuses)))))


def statement_lines(statement_id: int | None) -> Select[Any]:
    """A statement's lines (none for ``None``: a statement the viewer may not see)."""
    return select(CommissionStatementLine).where(
        CommissionStatementLine.statement_id == (-1 if statement_id is None else statement_id)
    )


def inquiries(
    owners: Owners, statuses: Iterable[InquiryStatus] | None, rep_id: int | None
) -> Select[Any]:
    stmt = _matching(CommissionInquiry, owners, rep_id=rep_id)
    return stmt.where(CommissionInquiry.status.in_(list(statuses))) if statuses else stmt
