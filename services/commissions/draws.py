"""``setCommissionDraw`` (FINANCE): a guaranteed amount per period for a rep, recoverable or not.

A draw covers every period it touches from ``start_date`` to ``end_date`` (open-ended
without one); a rep's draws never overlap (``OVERLAPPING_DRAWS``, a trigger checks it
under concurrency too). A draw cannot start in a closed period: that period's statements
are final. It pays in the rep's plan currency; the close applies it
(``services.commissions.payouts``).

A draw may belong to one of the rep's assignments (``assignment_id``): it then lies within
the assignment's dates (starting with it, ending with it by default), pays in its plan's
currency, and ends when the assignment ends (``end_draws_with``, called by
``endCommissionAssignment``). When an assignment's end moves *later* (an extension), the
draws that ended with it (their end is the assignment's old end) move with it to the new
end; a draw given its own earlier end stays as it is.
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
from db.models.commissions import CommissionAssignment, CommissionPlan
from db.queries import commission_payouts as payout_queries
from services.audit import image, record_change, record_new
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
    start_date: date | None = None
    """The assignment's start by default (required without an assignment)."""
    end_date: date | None = None
    """The assignment's end by default; open-ended without one."""
    currency: str | None = None
    assignment_id: int | None = None


def _within(assignment: CommissionAssignment, start: date, end: date | None) -> None:
    """A draw of an assignment lies within its dates."""
    last = assignment.end_date
    if start < assignment.start_date or (last is not None and start > last):
        raise refuse(
            Code.INVALID,
            f"The draw starts within its assignment ({assignment.start_date.isoformat()}"
            f" to {last.isoformat() if last else 'open'}).",
            ("input", "startDate"),
        )
    if last is not None and (end is None or end > last):
        raise refuse(
            Code.INVALID,
            f"The draw ends with its assignment, by {last.isoformat()}.",
            ("input", "endDate"),
        )


async def _assignment(
    session: AsyncSession, rep_id: int, assignment_id: int | None
) -> tuple[CommissionAssignment, str] | None:
    """The rep's assignment the draw belongs to and its plan's currency (None: none given)."""
    if assignment_id is None:
        return None
    field = ("input", "assignmentId")
    row = await get_or_refuse(
        session, CommissionAssignment, assignment_id, name="CommissionAssignment", field=field
    )
    if row.rep_id != rep_id:
        raise refuse(Code.INVALID, "The assignment is another rep's.", field)
    plan = await get_or_refuse(session, CommissionPlan, row.plan_id, field=field)
    return row, plan.currency


async def set_draw(
    session: AsyncSession, actor: Actor, now: datetime, rep_id: int, new: NewDraw
) -> CommissionDraw:
    """The draw, refused with nothing written when its amount or dates are wrong, it starts
    in a closed period, or it overlaps another of the rep's draws."""
    rep = await active_user(session, rep_id, ("input", "repId"))
    owner = await _assignment(session, rep.id, new.assignment_id)
    start = new.start_date or (owner[0].start_date if owner else None)
    end = new.end_date if new.end_date is not None or owner is None else owner[0].end_date
    if start is None:
        raise refuse(
            Code.REQUIRED,
            "A draw without an assignment needs its startDate.",
            ("input", "startDate"),
        )
    for field, day in (("startDate", start), ("endDate", end)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise refuse(Code.INVALID, "A draw's dates are 1970 to 2199.", ("input", field))
    if end is not None and end < start:
        raise refuse(Code.INVALID, "A draw ends on or after its start.", ("input", "endDate"))
    if owner is not None:
        _within(owner[0], start, end)
    if (await load_closed(session)).contains(start):
        raise refuse(
            Code.PERIOD_CLOSED,
            "That period is closed; a draw starts in an open or future period.",
            ("input", "startDate"),
        )
    if owner is not None:
        currency: str | None = owner[1]
    else:
        setting = await load_calendar(session)
        period = setting.period_of(start)
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
        start_date=start,
        end_date=end,
        created_by_id=actor.user_id,
        assignment_id=owner[0].id if owner else None,
    )
    return await record_new(session, actor, "setCommissionDraw", row)


async def end_draw(
    session: AsyncSession, actor: Actor, now: datetime, draw_id: int, end_date: date
) -> CommissionDraw:
    """``endCommissionDraw``: the draw covers periods up to ``end_date`` only. Neither the
    new end nor the old one may lie in a closed period (its statements are final), and a
    draw of an assignment never outlasts it."""
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
    if draw.assignment_id is not None:
        owner = await get_or_refuse(session, CommissionAssignment, draw.assignment_id)
        if owner.end_date is not None and end_date > owner.end_date:
            raise refuse(
                Code.INVALID,
                f"The draw ends with its assignment, by {owner.end_date.isoformat()}.",
                ("input", "endDate"),
            )
    draw.end_date = end_date
    await record_change(session, actor, "endCommissionDraw", draw)
    await session.flush()
    return draw


async def end_draws_with(
    session: AsyncSession,
    actor: Actor | None,
    assignment: CommissionAssignment,
    old_end: date | None = None,
) -> None:
    """The assignment's draws end by its (new) last day; one starting after it is refused
    (end or move that draw first), nothing changed. When the end moved later than
    ``old_end`` (the assignment's end before), the draws that ended on ``old_end`` extend
    with it; one with an earlier end of its own stays."""
    last = assignment.end_date
    if last is None:
        return
    extended = old_end is not None and last > old_end
    for draw in await payout_queries.draws_of_assignment(session, assignment.id):
        if draw.start_date > last:
            raise refuse(
                Code.INVALID_STATE,
                f"A draw of this assignment starts on {draw.start_date.isoformat()}, after"
                f" {last.isoformat()}: end it first.",
                ("input", "end"),
            )
        if draw.end_date is None or draw.end_date > last or (extended and draw.end_date == old_end):
            before = image(draw)
            draw.end_date = last
            await record_change(session, actor, "endCommissionAssignment", draw, before)
    await session.flush()
