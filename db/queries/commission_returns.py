"""Queries for returns under cumulative unit tables (``services.commissions.returns``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.models.commissions import CommissionCredit


async def later_clawbacks(
    session: AsyncSession, rep_id: int, start: date, end: date, period_end: date | None = None
) -> Sequence[Row[Any]]:
    """``rep_id``'s clawbacks dated after ``period_end`` (``end`` by default) of credits dated
    in ``[start, end]`` (the units returned from that period, or from the part of it one
    assignment covers, in later ones), in id order; one query."""
    sale = aliased(CommissionCredit)
    stmt = (
        select(*CommissionCredit.__table__.columns)
        .join(sale, sale.id == CommissionCredit.reverses_id)
        .where(
            CommissionCredit.rep_id == rep_id,
            CommissionCredit.credit_date > (end if period_end is None else period_end),
            sale.credit_date.between(start, end),
        )
        .order_by(CommissionCredit.id)
    )
    return (await session.execute(stmt)).all()
