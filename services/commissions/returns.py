"""Clawbacks landing in a later period than their sale, under cumulative unit tables.

``engine.stand_clawback`` records on each such clawback where its sale's period stands on
each cumulative unit table (the period's state, less what earlier returns from it took back),
so the clawback takes back exactly what the returned units made that period pay. Called by
the reversal use case before it stores the clawbacks; a clawback in its sale's own period
(it cancels there) or of a rep without such a table is stored as the engine made it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.queries.commission_returns import later_clawbacks
from services.commissions.calendar import CalendarSetting
from services.commissions.period_states import rep_periods
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
    earlier: dict[tuple[int, engine.FiscalPeriod], list[engine.Credit]] = {}
    out = list(clawbacks)
    for index, key in later.items():
        found = periods.get((key[0], key[1].start))
        if found is None or found.state is None or found.plan is None:
            continue
        if key not in earlier:
            rows = await later_clawbacks(session, key[0], key[1].start, key[1].end)
            earlier[key] = [engine_credit(row) for row in rows]
        stood = engine.stand_clawback(
            out[index], found.state, earlier[key], found.plan.versions, setting.calendar
        )
        earlier[key].append(stood)
        out[index] = stood
    return out
