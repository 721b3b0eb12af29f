"""People who change: a rep's period under all their assignments, and who has left.

A period close computes each rep's period with every assignment overlapping it, each
prorated by its days (``commissions.split_period``). A rep whose latest assignment ends
in or before the period has left: their clawbacks after the last day count only inside
their plan's clawback window (``commissions.leavers``): on their final statement while
its period is open, else on a trailing statement of the period they land in. A return dated
while the rep holds no assignment but one follows lands on that one's first day, and a sale
made while they held none was paid nothing, so its return takes nothing (:func:`on_assignments`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.models.commissions import CommissionPlan
from db.queries import commissions as queries
from db.queries.commission_people import (
    latest_assignments,
    latest_starts,
    reps_with_clawbacks_in,
)
from services.commissions.calendar import CalendarSetting, ClosedPeriods
from services.commissions.rep_plans import RepPlan, engine_assignment, plans_of


async def departures(
    session: AsyncSession, plans: Mapping[int, RepPlan], period: engine.FiscalPeriod
) -> dict[int, engine.Departure]:
    """The reps of ``plans`` who left in or before ``period`` (one query, only when some
    assignment ends by the period's last day)."""
    ending = {
        rep: plan
        for rep, plan in plans.items()
        if plan.assignment.end is not None and plan.assignment.end <= period.end
    }
    if not ending:
        return {}
    starts = await latest_starts(session, ending)
    found = {}
    for rep, plan in ending.items():
        if starts.get(rep) != plan.assignment.start:
            continue  # a later assignment follows: a change, not a departure
        departure = engine.departure_of((plan.assignment,), dict(plan.windows))
        if departure is not None:
            found[rep] = departure
    return found


async def leavers_with_clawbacks(
    session: AsyncSession,
    period: engine.FiscalPeriod,
    plans: Mapping[int, RepPlan],
    setting: CalendarSetting,
) -> dict[int, RepPlan]:
    """Reps who left before ``period`` and have clawbacks in it (returns inside their window
    after their final period closed): their last assignment, for a trailing statement."""
    reps = await reps_with_clawbacks_in(session, period.start, period.end, plans.keys())
    if not reps:
        return {}
    rows = [
        row
        for row, _ in (await latest_assignments(session, reps)).values()
        if row.end_date is not None and row.end_date < period.start
    ]
    plan_ids = {row.plan_id for row in rows}
    found = await queries.rows_by_ids(session, CommissionPlan, plan_ids)
    return plans_of(rows, found, await queries.plan_versions(session, plan_ids), setting)


def split_period(
    plan: RepPlan,
    credits: Iterable[engine.Credit],
    calendar: engine.FiscalCalendar,
    period: engine.FiscalPeriod,
    carried: Iterable[engine.SpifCounter],
    rates: Iterable[engine.ExchangeRate],
    departure: engine.Departure | None,
) -> engine.SplitPeriod:
    """The rep's period under every assignment they hold in it, prorated by days."""
    return engine.compute_split_period(
        plan.all_versions or plan.versions,
        plan.assignments or (plan.assignment,),
        credits,
        calendar,
        period,
        carried,
        rates,
        departure,
    )


def prorated_quota(parts: tuple[engine.AssignmentPart, ...], whole: Decimal) -> Decimal:
    """The statement's quota: the parts' prorated quotas together (``whole`` without parts)."""
    return sum((p.quota for p in parts), Decimal(0)) if parts else whole


async def within_clawback_windows(
    session: AsyncSession, clawbacks: Sequence[engine.Credit], reversal_day: date
) -> list[engine.Credit]:
    """The clawbacks that still take commission back on ``reversal_day``: all of them, but
    for a rep who left more than their plan's clawback window before it (one query)."""
    latest = await latest_assignments(session, {int(c.rep_id) for c in clawbacks})
    kept = []
    for credit in clawbacks:
        found = latest.get(int(credit.rep_id))
        departure = (
            None
            if found is None
            else engine.departure_of(
                (engine_assignment(found[0]),), {str(found[0].plan_id): found[1]}
            )
        )
        if departure is None or departure.claws_back(reversal_day):
            kept.append(credit)
    return kept


async def on_assignments(
    session: AsyncSession,
    ledger: Sequence[engine.Credit],
    clawbacks: Sequence[engine.Credit],
    closed: ClosedPeriods,
) -> list[engine.Credit]:
    """``clawbacks`` (of the deal whose credits are ``ledger``) as their reps' assignments
    place them. One whose sale was dated on no assignment of a rep holding some then or later
    (in a gap, or before the first: no plan paid it, ``commissions.split_period``) is not
    written: it has nothing to take back (a rep on no plan at all keeps the ledger's mirror of
    every credit, as before). One dated on a day its rep holds no assignment but one follows
    (a gap between two) moves to the first day of the next one (``engine.gap_owner``; past
    any closed period): the rep's next statement takes it back, rated with its sale's rules.
    One query; none without clawbacks."""
    if not clawbacks:
        return []
    sales = {c.credit_id: c for c in ledger if not c.is_clawback}
    days = [c.credit_date for c in clawbacks]
    days += [s.credit_date for c in clawbacks if (s := sales.get(c.reverses or "")) is not None]
    rows = await queries.assignments_overlapping(
        session, min(days), date.max, {int(c.rep_id) for c in clawbacks}
    )
    held = [engine_assignment(row) for row in rows]
    out = []
    for credit in clawbacks:
        mine = [a for a in held if a.rep_id == credit.rep_id]
        sale = sales.get(credit.reverses or "")
        if sale is not None and mine and not any(a.active_on(sale.credit_date) for a in mine):
            continue  # (sold between plans: paid nothing)
        owner = engine.gap_owner(mine, credit.credit_date)
        if owner is not None:
            credit = dataclasses.replace(credit, credit_date=closed.landing(owner.start))
        out.append(credit)
    return out
