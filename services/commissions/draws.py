"""``setCommissionDraw`` (FINANCE): a guaranteed amount per period for a rep, recoverable or not.

A draw covers every period it touches from ``start_date`` to ``end_date`` (open-ended
without one); a rep's draws never overlap (``OVERLAPPING_DRAWS``, a trigger checks it
under concurrency too). A draw cannot start in a closed period: that period's statements
are final. It pays in the rep's plan currency; the close applies it
(``services.commissions.payouts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from commissions.draws import DrawKind
from db.actor import Actor
from db.models.commission_payouts import CommissionDraw, CommissionDrawKind
from services.audit import record_change, record_new
from services.commissions.calendar import load_calendar, load_closed
from services.commissions.rep_plans import rep_plans
from services.people.rules import active_user
from services.refusal import Code, refuse
from services.rows import get_or_refuse

EARLIEST = date(1970, 1, 1)
LATEST = date(2199, 12, 31)
MOST = Decimal(1_000_000_000)


@dataclass(frozen=True, slots=True)
class NewDraw:
    kind: DrawKind
    amount: Decimal
    start_date: date
    end_date: date | None = None
    currency: str | None = None


async def set_draw(
    session: AsyncSession, actor: Actor, now: datetime, rep_id: int, new: NewDraw
) -> CommissionDraw:
    """The draw, refused with nothing written when its amount or dates are wrong, it starts
    in a closed period, or it overlaps another of the rep's draws."""
    rep = await active_user(session, rep_id, ("input", "repId"))
    for field, day in (("startDate", new.start_date), ("endDate", new.end_date)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise refuse(Code.INVALID, "A draw's dates are 1970 to 2199.", ("input", field))
    if new.end_date is not None and new.end_date < new.start_date:
        raise refuse(Code.INVALID, "A draw ends on or after its start.", ("input", "endDate"))
    if (await load_closed(session)).contains(new.start_date):
        raise refuse(
            Code.PERIOD_CLOSED,
            "That period is closed; a draw starts in an open or future period.",
            ("input", "startDate"),
        )
    setting = await load_calendar(session)
    period = setting.period_of(new.start_date)
    plan = (await rep_plans(session, [rep.id], period, setting)).get(rep.id)
    currency = plan.plan_row.currency if plan else new.currency
    if currency is None:
        raise refuse(
            Code.REQUIRED, "The rep has no plan then: give the currency.", ("input", "currency")
        )
    if new.currency is not None and new.currency != currency:
        raise refuse(
            Code.CURRENCY_MISMATCH, f"The rep's plan pays in {currency}.", ("input", "currency")
        )
    if not Decimal(0) < new.amount <= MOST:
        raise refuse(
            Code.INVALID, "A draw is above 0 and at most 1,000,000,000.", ("input", "amount")
        )
    if engine.round_money(new.amount, currency) != new.amount:
        raise refuse(
            Code.INVALID,
            f"{new.amount} has more decimals than {currency} allows.",
            ("input", "amount"),
        )
    row = CommissionDraw(
        rep_id=rep.id,
        kind=CommissionDrawKind(new.kind.value),
        amount=new.amount,
        currency=currency,
        start_date=new.start_date,
        end_date=new.end_date,
        created_by_id=actor.user_id,
    )
    return await record_new(session, actor, "setCommissionDraw", row)


async def end_draw(
    session: AsyncSession, actor: Actor, now: datetime, draw_id: int, end_date: date
) -> CommissionDraw:
    """``endCommissionDraw``: the draw covers periods up to ``end_date`` only. Neither the
    new end nor the old one may lie in a closed period (its statements are final)."""
    draw = await get_or_refuse(session, CommissionDraw, draw_id, name="CommissionDraw", lock=True)
    closed = await load_closed(session)
    if not EARLIEST <= end_date <= LATEST or end_date < draw.start_date:
        raise refuse(
            Code.INVALID, "A draw ends on or after its start, by 2199.", ("input", "endDate")
        )
    if closed.contains(end_date) or (draw.end_date is not None and closed.contains(draw.end_date)):
        raise refuse(
            Code.PERIOD_CLOSED,
            "The draw's end would move within a closed period, whose statements are final.",
            ("input", "endDate"),
        )
    draw.end_date = end_date
    await record_change(session, actor, "endCommissionDraw", draw)
    await session.flush()
    return draw
