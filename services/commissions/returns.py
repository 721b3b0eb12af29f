"""Clawbacks landing in a later period than their sale: rated with their sale's rules.

``engine.stand_clawback`` records on each such clawback the per-credit rules its sale was
rated with (rates, modifiers, accelerators, segment incentives, unit tables, and the sale
period's per-transaction tiers at its quota: the period it lands in, on another plan or
other rates, rates it with the sale's) and where its sale's period stands on each cumulative
unit table (the period's state, less what earlier returns from it took back), so the
clawback takes back exactly what the sale paid for what came back. Called by the reversal
use case before it stores the clawbacks; a clawback in its sale's own period (it cancels
there) is stored as the engine made it.

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
from services.commissions.period_states import RepPeriod, foreign_rates, rep_periods
from services.commissions.rep_plans import engine_credit


async def stand_clawbacks(
    session: AsyncSession,
    ledger: Sequence[engine.Credit],
    clawbacks: Sequence[engine.Credit],
    setting: CalendarSetting,
) -> list[engine.Credit]:
    """``clawbacks`` (of the deal whose credits are ``ledger``), each landing in a later
    period than its sale stood on that period; no query when none does."""
    sales = {c.credit_id: c for c in ledger if not c.is_clawback}
    later: dict[int, tuple[int, engine.FiscalPeriod]] = {}
    for index, claw in enumerate(clawbacks):
        sale = sales.get(claw.reverses or "")
        if sale is None:
            continue
        period = setting.period_of(sale.credit_date)
        if not period.contains(claw.credit_date):
            later[index] = (int(claw.rep_id), period)
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
        if part is None:  # one assignment in the period: its state is the sale's
            state, versions = found.state, found.plan.versions
            first, last = key[1].start, key[1].end
        else:
            state, versions, first, last = part.state, part.versions, part.first, part.last
        held = (*key, first)
        if held not in earlier:
            rows = await later_clawbacks(session, key[0], first, last, key[1].end)
            earlier[held] = [engine_credit(row) for row in rows]
        stood = engine.stand_clawback(out[index], state, earlier[held], versions, setting.calendar)
        earlier[held].append(stood)
        out[index] = stood
    return out


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
