"""Real-time estimates: deals folded onto each rep's stored period state, never re-rating it.

Used by ``Quote.commissionEstimate`` (``estimate_quotes``, through a loader), by
the what-if ``estimateCommission`` (``estimate_what_if``) and by the dashboard's
open pipeline. A batch of deals costs a fixed number of queries. Estimating is
a read: a state found stale is rebuilt in memory, never written (the crediting
use case keeps the stored states current).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.models.accounts import Account
from db.queries import commission_context as context
from services.commissions import kept_estimates
from services.commissions.calendar import CalendarSetting, ClosedPeriods, load_setting
from services.commissions.deals import deal_account, product_ids, quote_deals, with_families
from services.commissions.exchange_rates import load_rates
from services.commissions.period_states import Key, RepPeriod, rep_periods


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
) -> list[EstimateOutcome]:
    """One outcome per request, in order.

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
    found = {**known, **(await rep_periods(session, missing, setting) if missing else {})}
    rates = await _rates_for(session, prepared, found)
    bases: dict[Key, kept_estimates.Basis | None] = {}
    outcomes = []
    for request, deal, period in prepared:
        key = (request.rep_id, period.start)
        rep_period = found[key]
        state, plan = rep_period.state, rep_period.plan
        if state is None or plan is None:
            outcomes.append(EstimateOutcome(request.rep_id, period, None, rep_period.refusals))
            continue
        if key not in bases:
            bases[key] = kept_estimates.basis(state, plan.versions, setting.calendar, rates)
        estimate = kept_estimates.estimate(
            bases[key],
            deal,
            request.splits,
            partial(
                engine.estimate_deal,
                state,
                deal,
                plan.versions,
                setting.calendar,
                request.splits,
                rates=rates,
            ),
        )
        outcomes.append(EstimateOutcome(request.rep_id, period, estimate, estimate.refusals))
    return outcomes


async def _rates_for(
    session: AsyncSession,
    prepared: Sequence[tuple[DealToEstimate, engine.Deal, engine.FiscalPeriod]],
    found: Mapping[Key, RepPeriod],
) -> tuple[engine.ExchangeRate, ...]:
    """The exchange rates the deals in another currency than their rep's plan may need (no
    query when every deal is in its plan's currency)."""
    foreign = [
        deal
        for request, deal, period in prepared
        if (state := found[(request.rep_id, period.start)].state) is not None
        and state.currency != deal.currency
    ]
    if not foreign:
        return ()
    latest = max(deal.close_date for deal in foreign)
    return await load_rates(session, {deal.currency for deal in foreign}, latest)


EstimateKey = tuple[int, date | None]  # (quote id, close date; None: today)


async def estimate_quotes(
    session: AsyncSession, keys: Sequence[EstimateKey], today: date
) -> dict[EstimateKey, EstimateOutcome]:
    """Each quote's estimate for its owner (quotes that do not exist are left out)."""
    setting, closed, (found,) = await load_setting(
        session, context.setting_and_quotes(), quote_ids=list({k[0] for k in keys})
    )
    quotes = {quote.id: quote for (quote,) in found}
    wanted = [k for k in keys if k[0] in quotes]
    deals, splits = await quote_deals(session, list(quotes.values()), {q: today for q in quotes})
    requests = [
        DealToEstimate(
            rep_id=quotes[quote_id].owner_id,
            deal=_on(deals[quote_id], day or today),
            splits=splits[quote_id],
        )
        for quote_id, day in wanted
    ]
    outcomes = await estimate_deals(session, requests, setting, closed)
    return dict(zip(wanted, outcomes, strict=True))


def _on(deal: engine.Deal, day: date) -> engine.Deal:
    return deal if deal.close_date == day else dataclasses.replace(deal, close_date=day)


@dataclass(frozen=True, slots=True)
class WhatIf:
    """Proposed lines (already priced) for an account, as a rep's deal closing on a day."""

    rep_id: int
    account: Account
    currency: str
    close_date: date
    lines: tuple[engine.DealLine, ...]
    splits: tuple[engine.Split, ...] = ()


async def estimate_what_if(session: AsyncSession, what_if: WhatIf) -> EstimateOutcome:
    """What the lines would pay if won: estimated exactly as a saved quote's lines are."""
    setting, closed, (wins, families) = await load_setting(
        session,
        context.setting_wins_and_families(),
        account_ids=[what_if.account.id],
        product_ids=list(product_ids(what_if.lines)),
    )
    bought = {account_id for (account_id,) in wins}
    deal = engine.Deal(
        deal_id="what-if",
        owner_id=str(what_if.rep_id),
        status=engine.DealStatus.OPEN,
        close_date=what_if.close_date,
        currency=what_if.currency,
        lines=with_families(what_if.lines, {pid: family or "" for pid, family in families}),
        account=deal_account(what_if.account, what_if.account.id in bought),
    )
    request = DealToEstimate(what_if.rep_id, deal, what_if.splits)
    return (await estimate_deals(session, [request], setting, closed))[0]
