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
from services.audit import record_new
from services.commissions.calendar import load_calendar, load_closed
from services.commissions.rep_plans import rep_plans
from services.people.rules import active_user
from services.refusal import Code, refuse
from services.validation import required_text


@dataclass(frozen=True, slots=True)
class NewAdjustment:
    """A signed amount and why; on ``effective_date`` (today's open period by default),
    in ``currency`` (the rep's plan currency by default)."""

    amount: Decimal
    description: str
    effective_date: date | None = None
    currency: str | None = None


async def add_adjustment(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    rep_id: int,
    new: NewAdjustment,
    field: Sequence[str],
) -> CommissionAdjustment:
    """Record ``new`` for ``rep_id`` (refused in a closed period), and audit it; ``field``
    is where the adjustment's input is."""
    description = required_text(new.description, [*field, "description"], max_length=500)
    closed = await load_closed(session)
    if new.effective_date is not None and closed.contains(new.effective_date):
        raise refuse(
            Code.PERIOD_CLOSED,
            "That period is closed; corrections land in an open period.",
            [*field, "effectiveDate"],
        )
    day = new.effective_date or closed.landing(now.date())
    setting = await load_calendar(session)
    plan = (await rep_plans(session, [rep_id], setting.period_of(day), setting)).get(rep_id)
    code = plan.plan_row.currency if plan else new.currency
    if code is None:
        raise refuse(
            Code.REQUIRED,
            "The rep has no plan in this period: give the currency.",
            [*field, "currency"],
        )
    if new.currency is not None and new.currency != code:
        raise refuse(
            Code.CURRENCY_MISMATCH, f"The rep's plan pays in {code}.", [*field, "currency"]
        )
    if new.amount == 0:
        raise refuse(Code.INVALID, "An adjustment is not zero.", [*field, "amount"])
    if engine.round_money(new.amount, code) != new.amount:
        raise refuse(
            Code.INVALID, f"{new.amount} has more decimals than {code} allows.", [*field, "amount"]
        )
    row = CommissionAdjustment(
        rep_id=rep_id,
        effective_date=day,
        amount=new.amount,
        currency=code,
        description=description,
        created_by_id=actor.user_id,
    )
    return await record_new(session, actor, "recordCommissionAdjustment", row)


async def record_adjustment(
    session: AsyncSession, actor: Actor, now: datetime, rep_id: int, new: NewAdjustment
) -> CommissionAdjustment:
    """``recordCommissionAdjustment`` (FINANCE): a manual correction for a rep."""
    rep = await active_user(session, rep_id, ("input", "repId"))
    return await add_adjustment(session, actor, now, rep.id, new, ("input",))
