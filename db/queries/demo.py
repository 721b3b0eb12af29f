"""What the demo loader looks up: the rows it builds on, and the markers of what it made."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.accounts import Account
from db.models.approvals import ApprovalRequest
from db.models.catalog import Product
from db.models.commissions import (
    CommissionCredit,
    CommissionPlan,
    CommissionStatement,
    CommissionStatementLine,
)
from db.models.quotes import Quote


async def product_ids_by_sku(session: AsyncSession) -> dict[str, int]:
    return {sku: pid for pid, sku in await session.execute(select(Product.id, Product.sku))}


async def account_ids_of(
    session: AsyncSession, owner_id: int, currency: str | None = None
) -> dict[str, int]:
    """The owner's accounts by name, in name order (only those in ``currency`` when given)."""
    stmt = select(Account.name, Account.id).where(Account.owner_id == owner_id)
    if currency is not None:
        stmt = stmt.where(Account.currency == currency)
    return {name: aid for name, aid in await session.execute(stmt.order_by(Account.name))}


async def any_quote(session: AsyncSession) -> bool:
    return bool(await session.scalar(select(func.count()).select_from(Quote)))


async def quote_named(session: AsyncSession, name: str) -> int | None:
    return await session.scalar(select(Quote.id).where(Quote.name == name).limit(1))


async def first_approval_request(session: AsyncSession, quote_id: int) -> int | None:
    """The quote's first approval request."""
    stmt = select(ApprovalRequest.id).where(ApprovalRequest.quote_id == quote_id)
    return await session.scalar(stmt.order_by(ApprovalRequest.id).limit(1))


async def commission_plan_named(session: AsyncSession, name: str) -> int | None:
    return await session.scalar(select(CommissionPlan.id).where(CommissionPlan.name == name))


async def first_statement_line(session: AsyncSession, rep_id: int, period_id: int) -> int | None:
    """The first line of the rep's newest statement for the period."""
    statement = (
        select(CommissionStatement.id)
        .where(CommissionStatement.rep_id == rep_id, CommissionStatement.period_id == period_id)
        .order_by(CommissionStatement.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    stmt = select(CommissionStatementLine.id).where(
        CommissionStatementLine.statement_id == statement
    )
    return await session.scalar(stmt.order_by(CommissionStatementLine.position).limit(1))


async def newest_credit(session: AsyncSession, rep_id: int) -> int | None:
    stmt = select(CommissionCredit.id).where(CommissionCredit.rep_id == rep_id)
    return await session.scalar(stmt.order_by(CommissionCredit.id.desc()).limit(1))
