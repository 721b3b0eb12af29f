"""Keeping a stored :class:`PeriodState` current, and reading where it stands.

The API stores one state per rep and period and estimates deals from it. When
credits are added, :func:`advance` folds them onto the stored state, which is
exactly what :func:`compute_period` would have produced from all the credits,
or answers ``None`` when only a full recompute is exact (a credit dated before
ones already folded, a clawback, or a plan version that no longer governs the
period). :func:`standing` settles a state for the dashboard: earned to date,
tier, next tier and SPIF progress, without touching a single credit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from commissions.components import Tier, TierBasis
from commissions.context import build_context
from commissions.credits import Credit
from commissions.dashboard import NextTier, next_tier
from commissions.fiscal_calendar import FiscalCalendar
from commissions.lines import PayoutLine, SpifAward, total_of
from commissions.plans import PlanVersion
from commissions.reasons import Refusal
from commissions.settlement import settle
from commissions.state import PeriodState, fold, sort_key


def advance(
    state: PeriodState,
    credits: Iterable[Credit],
    plan_versions: Iterable[PlanVersion],
    calendar: FiscalCalendar,
) -> PeriodState | None:
    """``state`` with ``credits`` folded in, or None when the period must be recomputed.

    Credits the period would skip (another rep, another period, outside the
    assignment, another currency) are ignored, as :func:`compute_period` skips them.
    """
    context, _ = build_context(plan_versions, state.assignment, calendar, state.period)
    if context is None or context.period_version.version != state.period_version:
        return None
    admitted = sorted(
        (
            c
            for c in credits
            if c.rep_id == state.rep_id
            and state.period.contains(c.credit_date)
            and state.assignment.active_on(c.credit_date)
            and c.currency == state.currency
        ),
        key=sort_key,
    )
    if not admitted:
        return state
    if any(c.is_clawback for c in admitted):
        # A clawback of a sale in the same period cancels it (compute_period's rule).
        return None
    if state.last_key is not None and sort_key(admitted[0]) <= state.last_key:
        return None
    advanced, _ = fold(state, admitted, context)
    return advanced


@dataclass(frozen=True, slots=True)
class SpifStanding:
    """Progress toward one SPIF of the period's plan."""

    component_id: str
    label: str
    progress: Decimal
    target: Decimal
    reached: bool
    award_description: str
    award_value: Decimal


@dataclass(frozen=True, slots=True)
class Standing:
    """A period to date, settled as if it closed now.

    ``earned`` equals ``commission`` plus the period-level ``lines`` (tiers,
    gate, caps, cash SPIFs); ``awards`` are the SPIFs reached this period.
    """

    refusals: tuple[Refusal, ...]
    earned: Decimal
    commission: Decimal
    lines: tuple[PayoutLine, ...]
    awards: tuple[SpifAward, ...]
    tier: Tier | None
    next_tier: NextTier | None
    spifs: tuple[SpifStanding, ...]
    tier_basis: TierBasis | None = None
    """What the tiers' starts are measured in (None without tiers): how to show them."""


def standing(
    state: PeriodState, plan_versions: Iterable[PlanVersion], calendar: FiscalCalendar
) -> Standing:
    """Where ``state`` stands under the period's plan version."""
    context, problems = build_context(plan_versions, state.assignment, calendar, state.period)
    if context is None:
        return Standing(problems, Decimal(0), Decimal(0), (), (), None, None, ())
    settlement = settle(state, context)
    counters = {c.component_id: c for c in state.spifs}
    spifs = tuple(
        SpifStanding(
            component_id=spif.component_id,
            label=spif.label,
            progress=counters[spif.component_id].progress,
            target=spif.target,
            reached=counters[spif.component_id].awarded
            or counters[spif.component_id].progress >= spif.target,
            award_description=spif.award.description,
            award_value=spif.award.value,
        )
        for spif in context.spifs
    )
    return Standing(
        refusals=(),
        earned=state.commission + total_of(settlement.lines),
        commission=state.commission,
        lines=settlement.lines,
        awards=settlement.awards,
        tier=settlement.tier,
        next_tier=next_tier(state, context.period_version),
        spifs=spifs,
        tier_basis=None if context.tiers is None else context.tiers.basis,
    )
