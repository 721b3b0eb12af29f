"""Real-time estimates: deals folded onto each rep's stored period state, never re-rating the period.

Used by ``Quote.commissionEstimate`` (through a loader), by the what-if
``estimateCommission`` and by the dashboard's open pipeline. A batch of deals
costs a fixed number of queries; states found stale are rebuilt once and
handed back for the caller to save.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from resolvers.commissions.calendar import CalendarSetting, ClosedPeriods
from resolvers.commissions.period_states import Key, RepPeriod, rep_periods
from schema.types.commissions import (
    CommissionComponentTotal,
    CommissionEstimate,
    CommissionFiscalPeriod,
    CommissionPayoutLine,
    CommissionProblem,
    CommissionSpifAward,
    CommissionSpifProgress,
    CommissionTier,
    money,
    percent,
)


@dataclass(frozen=True, slots=True)
class DealToEstimate:
    rep_id: int
    deal: engine.Deal
    splits: tuple[engine.Split, ...] = ()


@dataclass(frozen=True, slots=True)
class EstimateOutcome:
    rep_id: int
    period: engine.FiscalPeriod
    estimate: engine.Estimate | None
    refusals: tuple[engine.Refusal, ...]


async def estimate_deals(
    session: AsyncSession,
    requests: Sequence[DealToEstimate],
    setting: CalendarSetting,
    closed: ClosedPeriods,
    known: Mapping[Key, RepPeriod] | None = None,
) -> tuple[list[EstimateOutcome], list[dict[str, Any]]]:
    """One outcome per request, in order, and the rebuilt period states to save.

    ``known``: rep periods the caller already loaded (the dashboard), not read again.
    """
    prepared = []
    for request in requests:
        # A deal closing in a closed period would be credited in the next open one.
        day = closed.landing(request.deal.close_date)
        deal = (
            request.deal
            if day == request.deal.close_date
            else dataclasses.replace(request.deal, close_date=day)
        )
        prepared.append((request, deal, setting.period_of(day)))
    known = known or {}
    missing = {(r.rep_id, p) for r, _, p in prepared if (r.rep_id, p.start) not in known}
    found, to_save = await rep_periods(session, missing, setting) if missing else ({}, [])
    found = {**known, **found}
    outcomes = []
    for request, deal, period in prepared:
        rep_period = found[(request.rep_id, period.start)]
        if rep_period.state is None or rep_period.plan is None:
            outcomes.append(EstimateOutcome(request.rep_id, period, None, rep_period.refusals))
            continue
        estimate = engine.estimate_deal(
            rep_period.state, deal, rep_period.plan.versions, setting.calendar, request.splits
        )
        outcomes.append(EstimateOutcome(request.rep_id, period, estimate, estimate.refusals))
    return outcomes, to_save


def estimate_type(outcome: EstimateOutcome) -> CommissionEstimate:
    estimate = outcome.estimate
    period = CommissionFiscalPeriod.of(outcome.period)
    if estimate is None or not estimate.ok:
        return CommissionEstimate(
            period=period,
            amount=None,
            problems=[CommissionProblem.of(r) for r in outcome.refusals],
            components=[],
            lines=[],
            attainment_before_percent=percent(estimate.attainment_before) if estimate else None,
            attainment_after_percent=percent(estimate.attainment_after) if estimate else None,
            tier_before=None,
            tier_after=None,
            spif_progress=[],
            awards=[],
            placed_last=True,
            rep_id=outcome.rep_id,
        )
    currency = estimate.currency
    return CommissionEstimate(
        period=period,
        amount=money(estimate.amount, currency),
        problems=[],
        components=[CommissionComponentTotal.of(t, currency) for t in estimate.component_totals],
        lines=[CommissionPayoutLine.of(line, currency) for line in estimate.lines],
        attainment_before_percent=percent(estimate.attainment_before),
        attainment_after_percent=percent(estimate.attainment_after),
        tier_before=CommissionTier.of(estimate.tier_before),
        tier_after=CommissionTier.of(estimate.tier_after),
        spif_progress=[CommissionSpifProgress.of(p) for p in estimate.spif_progress],
        awards=[CommissionSpifAward.of(a, currency) for a in estimate.awards],
        placed_last=estimate.placed_last,
        rep_id=outcome.rep_id,
    )
