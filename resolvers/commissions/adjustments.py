"""Adjustments: signed corrections by FINANCE, always landing in an open period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.models.commissions import CommissionAdjustment
from resolvers.commissions.calendar import load_calendar, load_closed
from resolvers.commissions.rep_plans import rep_plans
from resolvers.mutation import reject
from schema.errors import ErrorCode


async def add_adjustment(
    session: AsyncSession,
    *,
    rep_id: int,
    amount: Decimal,
    description: str,
    effective_date: date | None,
    currency: str | None,
    created_by_id: int | None,
    field: Sequence[str],
) -> CommissionAdjustment:
    """An adjustment for ``rep_id``: on ``effective_date`` (refused in a closed period), or today's open period."""
    closed = await load_closed(session)
    if effective_date is not None and closed.contains(effective_date):
        raise reject(
            ErrorCode.PERIOD_CLOSED,
            "That period is closed; corrections land in an open period.",
            [*field, "effectiveDate"],
        )
    day = effective_date or closed.landing(datetime.now(UTC).date())
    setting = await load_calendar(session)
    plan = (await rep_plans(session, [rep_id], setting.period_of(day), setting)).get(rep_id)
    code = plan.plan_row.currency if plan else currency
    if code is None:
        raise reject(
            ErrorCode.REQUIRED,
            "The rep has no plan in this period: give the currency.",
            [*field, "currency"],
        )
    if currency is not None and currency != code:
        raise reject(
            ErrorCode.CURRENCY_MISMATCH, f"The rep's plan pays in {code}.", [*field, "currency"]
        )
    if amount == 0:
        raise reject(ErrorCode.INVALID, "An adjustment is not zero.", [*field, "amount"])
    if engine.round_money(amount, code) != amount:
        raise reject(
            ErrorCode.INVALID, f"{amount} has more decimals than {code} allows.", [*field, "amount"]
        )
    row = CommissionAdjustment(
        rep_id=rep_id,
        effective_date=day,
        amount=amount,
        currency=code,
        description=description,
        created_by_id=created_by_id,
    )
    session.add(row)
    await session.flush()
    return row
