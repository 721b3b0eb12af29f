"""Real-time what-if: what would this deal pay the rep, given the period so far?

An estimate never re-rates the period's credits. It folds the deal's
credit(s) onto the stored :class:`PeriodState` and settles the period before
and after: the deal's own lines plus the change in period-level lines (a
retroactive tier reached re-rates the aggregated tier base; a gate opened
releases what was withheld) make up the estimate. Marginal tiers need no
re-rating at all: the deal's revenue sits on top of attainment to date.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from commissions.components import Spif, Tier, TierBasis
from commissions.context import build_context
from commissions.crediting import credit_if_won
from commissions.currency import ExchangeRate, convert_credit, missing_rate
from commissions.deals import Deal, Split
from commissions.fiscal_calendar import FiscalCalendar
from commissions.lines import ComponentTotal, PayoutLine, SpifAward, component_totals, total_of
from commissions.money import ZERO
from commissions.plans import PlanVersion
from commissions.reasons import ReasonCode, Refusable, Refusal, refusal
from commissions.settlement import Settlement, settle
from commissions.state import PeriodState, fold, sort_key


@dataclass(frozen=True, slots=True)
class SpifProgress:
    """Where a SPIF stands before and after the deal; ``reached`` when this deal earns it."""

    component_id: str
    label: str
    before: Decimal
    after: Decimal
    target: Decimal
    reached: bool


@dataclass(frozen=True, slots=True)
class Estimate(Refusable):
    """The expected cash payout of one deal for one rep, explained.

    ``amount`` equals the sum of ``lines``: the deal's own lines, then the
    change it causes in period-level lines. ``placed_last`` is False when the
    deal is dated before credits already in the state; it is then estimated
    as the latest credit (marginal tier slices may differ slightly once
    the period is recomputed in date order). A deal that cannot be estimated
    carries its ``refusals`` and the period's attainment; every other figure
    keeps its empty default.
    """

    rep_id: str
    deal_id: str
    currency: str
    refusals: tuple[Refusal, ...]
    amount: Decimal = ZERO
    lines: tuple[PayoutLine, ...] = ()
    component_totals: tuple[ComponentTotal, ...] = ()
    attainment_before: Decimal | None = None
    attainment_after: Decimal | None = None
    tier_before: Tier | None = None
    tier_after: Tier | None = None
    spif_progress: tuple[SpifProgress, ...] = ()
    awards: tuple[SpifAward, ...] = ()
    placed_last: bool = True
    tier_basis: TierBasis | None = None
    """What the tiers' starts are measured in (None without tiers): how to show them."""


def estimate_deal(
    state: PeriodState,
    deal: Deal,
    plan_versions: Iterable[PlanVersion],
    calendar: FiscalCalendar,
    splits: tuple[Split, ...] = (),
    hierarchy: Mapping[str, str] | None = None,
    rates: Iterable[ExchangeRate] = (),
) -> Estimate:
    """Estimate ``deal`` (treated as won on its close date) for ``state``'s rep.

    A deal in another currency than the plan's is converted with the rate of ``rates``
    valid on its close date, as its credit will be (``commissions.currency``); without
    one the estimate is refused with ``EXCHANGE_RATE_MISSING``.

    Raises ``ValueError`` when ``state`` was built with another plan version
    than the one now in force for its period: a stale cache is a bug.
    """
    context, problems = build_context(plan_versions, state.assignment, calendar, state.period)
    if context is None:
        return _refused(state, deal, problems)
    if context.period_version.version != state.period_version:
        raise ValueError("PeriodState was built with another plan version; rebuild it.")
    crediting = credit_if_won(deal, splits, hierarchy)
    if crediting.refusals:
        return _refused(state, deal, crediting.refusals)
    mine = sorted((c for c in crediting.credits if c.rep_id == state.rep_id), key=sort_key)
    reason = _why_not(state, deal, bool(mine))
    if reason is not None:
        return _refused(state, deal, (reason,))
    if deal.currency != state.currency:
        converted = []
        for credit in mine:
            done, _ = convert_credit(credit, state.currency, rates)
            if done is None:
                missing = missing_rate(deal.currency, state.currency, deal.close_date)
                return _refused(state, deal, (missing,))
            converted.append(done)
        mine = converted
    before = settle(state, context)
    after_state, deal_lines = fold(state, mine, context)
    after = settle(after_state, context)
    lines = deal_lines + _changes(before, after)
    earned_before = {a.component_id for a in before.awards}
    new_awards = tuple(a for a in after.awards if a.component_id not in earned_before)
    return Estimate(
        rep_id=state.rep_id,
        deal_id=deal.deal_id,
        currency=state.currency,
        refusals=(),
        amount=total_of(lines),
        lines=lines,
        component_totals=component_totals(lines),
        attainment_before=state.attainment,
        attainment_after=after_state.attainment,
        tier_before=before.tier,
        tier_after=after.tier,
        spif_progress=_progress(state, after_state, context.spifs, new_awards),
        awards=new_awards,
        placed_last=state.last_key is None or sort_key(mine[0]) > state.last_key,
        tier_basis=None if context.tiers is None else context.tiers.basis,
    )


def _progress(
    before: PeriodState, after: PeriodState, spifs: tuple[Spif, ...], new: tuple[SpifAward, ...]
) -> tuple[SpifProgress, ...]:
    was = {c.component_id: c.progress for c in before.spifs}
    now = {c.component_id: c.progress for c in after.spifs}
    reached = {a.component_id for a in new}
    return tuple(
        SpifProgress(
            s.component_id,
            s.label,
            was[s.component_id],
            now[s.component_id],
            s.target,
            s.component_id in reached,
        )
        for s in spifs
    )


def _why_not(state: PeriodState, deal: Deal, credited: bool) -> Refusal | None:
    if not credited:
        return refusal(ReasonCode.NOT_CREDITED_TO_REP, "The deal credits someone else.", "splits")
    if not state.period.contains(deal.close_date) or not state.assignment.active_on(
        deal.close_date
    ):
        return refusal(
            ReasonCode.DEAL_OUTSIDE_PERIOD, "The deal closes outside this period.", "closeDate"
        )
    return None


def _changes(before: Settlement, after: Settlement) -> tuple[PayoutLine, ...]:
    """Period-level lines that change, as differences explained by the after-deal line."""
    old = {(line.component_id, line.kind): line for line in before.lines}
    changes = []
    for line in after.lines:
        previous = old.pop((line.component_id, line.kind), None)
        delta = line.amount - (previous.amount if previous else ZERO)
        if delta:
            changes.append(_with_amount(line, delta))
    changes += [_with_amount(line, -line.amount) for line in old.values() if line.amount]
    return tuple(changes)


def _with_amount(line: PayoutLine, amount: Decimal) -> PayoutLine:
    return dataclasses.replace(line, amount=amount)


def _refused(state: PeriodState, deal: Deal, problems: tuple[Refusal, ...]) -> Estimate:
    attainment = state.attainment
    return Estimate(
        state.rep_id,
        deal.deal_id,
        state.currency,
        problems,
        attainment_before=attainment,
        attainment_after=attainment,
    )
