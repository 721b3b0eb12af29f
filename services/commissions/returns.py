"""Clawbacks landing in a later period than their sale: rated with their sale's rules.

``engine.stand_clawback`` records on each such clawback the per-credit rules its sale was
rated with (rates, modifiers, accelerators, segment incentives, unit tables, and the sale
period's per-transaction tiers at its quota: the period it lands in, on another plan or
other rates, rates it with the sale's) and where its sale's period stands on each cumulative
unit table (the period's state, less what earlier returns from it took back), so the
clawback takes back exactly what the sale paid for what came back. Called by the reversal
use case before it stores the clawbacks; a clawback in its sale's own period (it cancels
there) is stored as the engine made it, unless the rep changed assignment in that period
between the sale and the return (plan A to the 15th, plan B after: a sale under A coming
back under B): it lands in another part of the period, under another plan, and is stood on
its sale's part like a later return, so it takes back what the sale paid (one query to see
whether the rep moved, for each reversal landing in its sale's period).

When the rep held several assignments in the sale's period, the sale stands on the part of
its own assignment (``engine.sale_part``: that assignment's credits under its plan's
versions, prorated by its days, as the close computes it), and only the earlier returns of
sales in that part count: the other assignment's units and tables stay out of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.queries import commissions as queries
from db.queries.commission_returns import later_clawbacks
from services.commissions.calendar import CalendarSetting
from services.commissions.exchange_rates import load_rates
from services.commissions.period_states import RepPeriod, foreign_rates, rep_periods
from services.commissions.rep_plans import engine_assignment, engine_credit


async def stand_clawbacks(
    session: AsyncSession,
    ledger: Sequence[engine.Credit],
    clawbacks: Sequence[engine.Credit],
    setting: CalendarSetting,
) -> list[engine.Credit]:
    """``clawbacks`` (of the deal whose credits are ``ledger``), each landing in a later
    period than its sale, or in its sale's period under another assignment than the sale's,
    stood on its sale's period (or its part of it); one query to see whether the rep moved
    when some land in their sale's period, none more when none needs standing."""
    sales = {c.credit_id: c for c in ledger if not c.is_clawback}
    later: dict[int, tuple[int, engine.FiscalPeriod]] = {}
    same: dict[int, tuple[int, engine.FiscalPeriod]] = {}
    for index, claw in enumerate(clawbacks):
        sale = sales.get(claw.reverses or "")
        if sale is None:
            continue
        period = setting.period_of(sale.credit_date)
        (same if period.contains(claw.credit_date) else later)[index] = (int(claw.rep_id), period)
    later.update(await _moved(session, same, sales, clawbacks))
    if not later:
        return list(clawbacks)
    periods = await rep_periods(session, set(later.values()), setting)
    earlier: dict[tuple[int, engine.FiscalPeriod, date], list[engine.Credit]] = {}
    parts: dict[tuple[int, date, date], engine.SalePart | None] = {}
    out = list(clawbacks)
    for index, key in later.items():
        found = periods.get((key[0], key[1].start))
        if found is None or found.state is None or found.plan is None:
            continue
        sale = sales[out[index].reverses or ""]
        known = (key[0], key[1].start, sale.credit_date)
        if known not in parts:  # (a deal's clawbacks of one rep share their sale's day)
            parts[known] = await _sale_part(session, found, sale, setting)
        part = parts[known]
        if part is None and key[1].contains(out[index].credit_date):
            continue  # (its sale's part cannot be computed: it is rated where it lands)
        if part is None:  # one assignment in the period: its state is the sale's
            state, versions = found.state, found.plan.versions
            first, last = key[1].start, key[1].end
        else:
            state, versions, first, last = part.state, part.versions, part.first, part.last
        held = (*key, first)
        if held not in earlier:
            rows = await later_clawbacks(session, key[0], first, last)
            earlier[held] = [engine_credit(row) for row in rows]
        claw = out[index]
        rates = await _sale_rates(session, claw, state.currency)
        stood = engine.stand_clawback(claw, state, earlier[held], versions, setting.calendar, rates)
        earlier[held].append(stood)
        out[index] = stood
    return out


async def _sale_rates(
    session: AsyncSession, claw: engine.Credit, currency: str
) -> tuple[engine.ExchangeRate, ...]:
    """The rates converting ``claw`` (a mirror of its stored sale) into the currency its sale
    was rated in: none needed, and no query, when it is in it already (the usual case)."""
    if claw.currency == currency:
        return ()
    return await load_rates(session, {claw.original_currency or claw.currency}, claw.rated_on)


async def _moved(
    session: AsyncSession,
    same: dict[int, tuple[int, engine.FiscalPeriod]],
    sales: dict[str, engine.Credit],
    clawbacks: Sequence[engine.Credit],
) -> dict[int, tuple[int, engine.FiscalPeriod]]:
    """Of the clawbacks landing in their sale's period (``same``), those landing under another
    assignment of the rep than their sale's (a mid-period change of plan); one query, none
    when no clawback lands in its sale's period."""
    if not same:
        return {}
    start = min(period.start for _, period in same.values())
    end = max(period.end for _, period in same.values())
    rows = await queries.assignments_overlapping(
        session, start, end, {rep for rep, _ in same.values()}
    )
    held = [engine_assignment(row) for row in rows]

    def holder(rep: int, day: date) -> engine.Assignment | None:
        return next((a for a in held if a.rep_id == str(rep) and a.active_on(day)), None)

    moved = {}
    for index, (rep, period) in same.items():
        claw = clawbacks[index]
        sold = holder(rep, sales[claw.reverses or ""].credit_date)
        if sold is not None and sold != holder(rep, claw.credit_date):
            moved[index] = (rep, period)
    return moved


async def _sale_part(
    session: AsyncSession, found: RepPeriod, sale: engine.Credit, setting: CalendarSetting
) -> engine.SalePart | None:
    """The part of a split period holding ``sale`` (None when the rep held one assignment in
    it: its stored state is the sale's); two queries, only for a split period."""
    plan = found.plan
    if plan is None or len(plan.assignments) < 2:
        return None
    period = found.period
    rows = await queries.credits_in(session, period.start, period.end, [found.rep_id])
    credits = [engine_credit(row) for row in rows]
    rates = await foreign_rates(session, {found.rep_id: plan}, {found.rep_id: credits})
    return engine.sale_part(
        plan.all_versions or plan.versions,
        plan.assignments,
        credits,
        setting.calendar,
        period,
        sale.credit_date,
        rates,
    )
