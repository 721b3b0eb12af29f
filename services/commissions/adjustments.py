"""Adjustments: signed corrections by FINANCE, always landing in an open period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.actor import Actor
from db.models.commissions import CommissionAdjustment
from services.audit import record_change
from services.commissions.calendar import load_calendar, load_closed
from services.commissions.rep_plans import rep_plans
from services.commissions.reps import active_rep
from services.refusal import Code, refuse
from services.validation import required_text


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
    today: date,
) -> CommissionAdjustment:
    """An adjustment for ``rep_id``: on ``effective_date`` (refused in a closed period), or today's open period."""
    closed = await load_closed(session)
    if effective_date is not None and closed.contains(effective_date):
        raise refuse(
            Code.PERIOD_CLOSED,
            "That period is closed; corrections land in an open period.",
            [*field, "effectiveDate"],
        )
    day = effective_date or closed.landing(today)
    setting = await load_calendar(session)
    plan = (await rep_plans(session, [rep_id], setting.period_of(day), setting)).get(rep_id)
    code = plan.plan_row.currency if plan else currency
    if code is None:
        raise refuse(
            Code.REQUIRED,
            "The rep has no plan in this period: give the currency.",
            [*field, "currency"],
        )
    if currency is not None and currency != code:
        raise refuse(
            Code.CURRENCY_MISMATCH, f"The rep's plan pays in {code}.", [*field, "currency"]
        )
    if amount == 0:
        raise refuse(Code.INVALID, "An adjustment is not zero.", [*field, "amount"])
    if engine.round_money(amount, code) != amount:
        raise refuse(
            Code.INVALID, f"{amount} has more decimals than {code} allows.", [*field, "amount"]
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


@dataclass(frozen=True, slots=True)
class RecordAdjustment:
    rep_id: int
    amount: Decimal
    description: str
    effective_date: date | None = None
    currency: str | None = None


async def record_adjustment(
    session: AsyncSession, actor: Actor, now: datetime, command: RecordAdjustment
) -> CommissionAdjustment:
    """``recordCommissionAdjustment`` (FINANCE): a manual correction for a rep."""
    rep = await active_rep(session, command.rep_id, ("input", "repId"))
    row = await add_adjustment(
        session,
        rep_id=rep.id,
        amount=command.amount,
        description=required_text(command.description, ["input", "description"], max_length=500),
        effective_date=command.effective_date,
        currency=command.currency,
        created_by_id=actor.user_id,
        field=["input"],
        today=now.date(),
    )
    await record_change(session, actor, "recordCommissionAdjustment", row)
    return row
