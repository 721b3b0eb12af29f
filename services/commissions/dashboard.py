"""``myCommissions``: each rep's period to date and open pipeline, in a fixed number of queries.

Earned to date, tier, next tier and SPIF progress come from each rep's stored
period state (settled, never re-rated); the open pipeline is the sum of the
estimates of the rep's open quotes, each folded onto the same stored state.
A read: nothing is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from commissions.progress import Standing, standing
from db.queries import commission_context as context
from services.commissions.calendar import load_setting
from services.commissions.deals import quote_deals
from services.commissions.estimates import DealToEstimate, estimate_deals
from services.commissions.period_states import RepPeriod, rep_periods


@dataclass(frozen=True, slots=True)
class RepSummary:
    """A rep's period to date: the state (or why none), its standing, and the open pipeline."""

    rep_period: RepPeriod
    standing: Standing | None
    pipeline: Decimal
    open_quote_count: int


async def rep_summaries(
    session: AsyncSession, rep_ids: Sequence[int], as_of: date, *, with_pipeline: bool = True
) -> dict[int, RepSummary]:
    """Each rep's summary for the period containing ``as_of``. Without ``with_pipeline`` the
    open quotes are counted but not estimated (the pipeline is then 0): estimating every
    open quote is most of the work, and a screen that does not show the pipeline skips it."""
    stacked = (
        context.setting_and_open_quotes()
        if with_pipeline
        else context.setting_and_open_quote_counts()
    )
    setting, closed, (open_quotes,) = await load_setting(
        session, stacked, owner_ids=list(set(rep_ids))
    )
    period = setting.period_of(as_of)
    found = await rep_periods(session, [(rep, period) for rep in rep_ids], setting)
    pipeline: dict[int, Decimal] = defaultdict(Decimal)
    counts: dict[int, int] = defaultdict(int)
    if not with_pipeline:
        counts.update({owner: int(count) for owner, count in open_quotes})
    else:
        quotes = [quote for (quote,) in open_quotes]
        for quote in quotes:
            counts[quote.owner_id] += 1
        deals, splits = await quote_deals(session, quotes, {q.id: as_of for q in quotes})
        outcomes = await estimate_deals(
            session,
            [DealToEstimate(q.owner_id, deals[q.id], splits[q.id]) for q in quotes],
            setting,
            closed,
            known=found,
        )
        for quote, outcome in zip(quotes, outcomes, strict=True):
            if outcome.estimate is not None and outcome.estimate.ok:
                pipeline[quote.owner_id] += outcome.estimate.amount
    summaries = {}
    for rep in rep_ids:
        rep_period = found[(rep, period.start)]
        state, plan = rep_period.state, rep_period.plan
        summaries[rep] = RepSummary(
            rep_period,
            standing(state, plan.versions, setting.calendar) if state and plan else None,
            pipeline.get(rep, Decimal(0)),
            counts.get(rep, 0),
        )
    return summaries
