"""``myCommissions``: the rep's period to date, and a manager's team, in a fixed number of queries.

Earned to date, tier, next tier and SPIF progress come from each rep's stored
period state (settled, never re-rated); the open pipeline is the sum of the
estimates of the rep's open quotes, each folded onto the same stored state.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import strawberry

import commissions as engine
from commissions.progress import standing
from db.queries import commissions as queries
from resolvers.commissions.calendar import load_calendar, load_closed
from resolvers.commissions.deals import quote_deals
from resolvers.commissions.estimates import DealToEstimate, estimate_deals
from resolvers.commissions.period_states import RepPeriod, rep_periods
from schema.types.commissions import (
    CommissionFiscalPeriod,
    CommissionNextTier,
    CommissionProblem,
    CommissionSpifStanding,
    CommissionTier,
    RepCommissionSummary,
    money,
    percent,
    plain,
)


def _summary(
    rep_period: RepPeriod,
    pipeline: Decimal | None,
    open_count: int,
    calendar: engine.FiscalCalendar,
) -> RepCommissionSummary:
    period = CommissionFiscalPeriod.of(rep_period.period)
    state, plan = rep_period.state, rep_period.plan
    if state is None or plan is None:
        return RepCommissionSummary(
            period=period,
            currency=None,
            quota=None,
            earned=None,
            credited_revenue=None,
            attainment_percent=None,
            tier=None,
            next_tier=None,
            spifs=[],
            open_pipeline=None,
            open_quote_count=open_count,
            problems=[CommissionProblem.of(r) for r in rep_period.refusals],
            team=[],
            rep_id=rep_period.rep_id,
            plan_id=plan.plan_row.id if plan else None,
        )
    currency = state.currency
    now = standing(state, plan.versions, calendar)
    upcoming = now.next_tier
    return RepCommissionSummary(
        period=period,
        currency=currency,
        quota=money(state.assignment.quota, currency),
        earned=money(now.earned, currency),
        credited_revenue=money(state.credited_revenue, currency),
        attainment_percent=percent(state.attainment),
        tier=CommissionTier.of(now.tier),
        next_tier=CommissionNextTier(
            current=CommissionTier.of(upcoming.current),  # type: ignore[arg-type]
            next=CommissionTier.of(upcoming.next),
            revenue_needed=money(upcoming.revenue_needed, currency)
            if upcoming.revenue_needed is not None
            else None,
        )
        if upcoming
        else None,
        spifs=[
            CommissionSpifStanding(
                component_id=s.component_id,
                label=s.label,
                progress=plain(s.progress),  # type: ignore[arg-type]
                target=plain(s.target),  # type: ignore[arg-type]
                reached=s.reached,
                award_description=s.award_description,
                award_value=money(s.award_value, currency),
            )
            for s in now.spifs
        ],
        open_pipeline=money(pipeline or Decimal(0), currency),
        open_quote_count=open_count,
        problems=[CommissionProblem.of(r) for r in now.refusals],
        team=[],
        rep_id=rep_period.rep_id,
        plan_id=plan.plan_row.id,
    )


async def summaries(
    info: strawberry.Info, rep_ids: Sequence[int], as_of: date
) -> dict[int, RepCommissionSummary]:
    """Each rep's summary for the period containing ``as_of``."""
    db = info.context.db
    async with db.read() as session:
        setting = await load_calendar(session)
        closed = await load_closed(session)
        period = setting.period_of(as_of)
        found, to_save = await rep_periods(session, [(rep, period) for rep in rep_ids], setting)
        quotes = await queries.open_quotes_of(session, rep_ids)
        deals, splits = await quote_deals(session, quotes, {q.id: as_of for q in quotes})
        outcomes, more = await estimate_deals(
            session,
            [DealToEstimate(q.owner_id, deals[q.id], splits[q.id]) for q in quotes],
            setting,
            closed,
            known=found,
        )
    to_save += more
    if to_save:
        async with db.transaction() as session:
            await queries.save_states(session, to_save)
    pipeline: dict[int, Decimal] = defaultdict(Decimal)
    counts: dict[int, int] = defaultdict(int)
    for quote, outcome in zip(quotes, outcomes, strict=True):
        counts[quote.owner_id] += 1
        if outcome.estimate is not None and outcome.estimate.ok:
            pipeline[quote.owner_id] += outcome.estimate.amount
    return {
        rep: _summary(
            found[(rep, period.start)], pipeline.get(rep), counts.get(rep, 0), setting.calendar
        )
        for rep in rep_ids
    }
