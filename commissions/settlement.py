"""Settling a period: the lines that depend on the whole period, not on one credit.

In this order, each rounded once:

1. **retroactive tier** - the tier reached re-rates all quota commission
   (``tier_base * (multiplier - 1)``), then the **attainment cap** cuts the
   share of it earned beyond ``max_attainment``; an **interpolated** table does the
   same with the multiplier interpolated at the period's figure;
2. **gate** - below the gate attainment, positive commission is withheld
   (clawbacks are still recovered);
3. **payout cap** - commission above the cap is not paid;
4. **SPIFs** - reached targets not awarded before; cash ones are paid here,
   non-cash ones are recorded at their stated value.

Everything is computed from :class:`PeriodState` aggregates, which is what
lets an estimate re-rate retroactive tiers without touching any credit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from commissions.components import (
    AwardKind,
    ComponentKind,
    QuotaTiers,
    Tier,
    TierMode,
    UnitTierMode,
)
from commissions.context import PeriodContext
from commissions.lines import PayoutLine, SpifAward, total_of
from commissions.money import ONE, ZERO, round_money
from commissions.state import PeriodState
from commissions.tiers import counted_attainment, figure_of, interpolated_multiplier, tier_at


@dataclass(frozen=True, slots=True)
class Settlement:
    """The period-level lines, the SPIF awards and the tier the period stands in."""

    lines: tuple[PayoutLine, ...]
    awards: tuple[SpifAward, ...]
    tier: Tier | None


def settle(state: PeriodState, context: PeriodContext) -> Settlement:
    """Period-level lines for ``state`` under the period version's rules."""
    lines: list[PayoutLine] = []
    tiers = context.tiers
    tier = None
    if tiers is not None:
        attainment = figure_of(
            tiers, state.quota_revenue, state.quota_units, state.assignment.quota
        )
        counted = counted_attainment(tiers, attainment)
        tier = tier_at(tiers, counted)
        if tiers.mode is TierMode.RETROACTIVE:
            lines += _retroactive_lines(state, tiers, tier, tier.multiplier, attainment)
        elif tiers.mode is TierMode.INTERPOLATED:
            multiplier = interpolated_multiplier(tiers, counted)
            lines += _retroactive_lines(state, tiers, tier, multiplier, attainment)
    lines += _retroactive_units(state, context)
    if tiers is not None:
        attainment = figure_of(
            tiers, state.quota_revenue, state.quota_units, state.assignment.quota
        )
        if tiers.gate is not None and attainment < tiers.gate:
            withheld = state.commission + total_of(lines)
            if withheld > ZERO:
                lines.append(
                    PayoutLine(
                        tiers.component_id,
                        ComponentKind.GATE,
                        tiers.label,
                        -withheld,
                        withheld,
                        multiplier=ZERO,
                    )
                )
    cap = context.cap
    if cap is not None:
        paid = state.commission + total_of(lines)
        if paid > cap.max_payout:
            amount = round_money(cap.max_payout - paid, state.currency)
            lines.append(
                PayoutLine(cap.component_id, ComponentKind.PAYOUT_CAP, cap.label, amount, paid)
            )
    awards = _awards(state, context)
    for award in awards:
        if award.kind is AwardKind.CASH:
            amount = round_money(award.value, state.currency)
            lines.append(
                PayoutLine(
                    award.component_id, ComponentKind.SPIF, award.label, amount, award.progress
                )
            )
    return Settlement(tuple(lines), awards, tier)


def _retroactive_lines(
    state: PeriodState, tiers: QuotaTiers, tier: Tier, multiplier: Decimal, attainment: Decimal
) -> list[PayoutLine]:
    """Re-rate the whole tier base at ``multiplier`` (the tier reached's, or the interpolated
    one), then cut what lies beyond the cap."""
    lines = []
    base = state.tier_base
    if multiplier != ONE:
        amount = round_money(base * (multiplier - ONE), state.currency)
        lines.append(
            PayoutLine(
                tiers.component_id,
                ComponentKind.QUOTA_TIER,
                tiers.label,
                amount,
                base,
                multiplier=multiplier,
                tier=tier.name,
            )
        )
    if tiers.max_attainment is not None and attainment > tiers.max_attainment:
        kept = tiers.max_attainment / attainment
        rerated = base * multiplier
        amount = round_money(rerated * (kept - ONE), state.currency)
        lines.append(
            PayoutLine(
                tiers.component_id,
                ComponentKind.ATTAINMENT_CAP,
                tiers.label,
                amount,
                rerated,
                multiplier=kept,
            )
        )
    return lines


def _awards(state: PeriodState, context: PeriodContext) -> tuple[SpifAward, ...]:
    """SPIFs whose target is reached and that were not awarded in an earlier period."""
    counters = {c.component_id: c for c in state.spifs}
    awards = []
    for spif in context.spifs:
        counter = counters[spif.component_id]
        if not counter.awarded and counter.progress >= spif.target:
            award = spif.award
            awards.append(
                SpifAward(
                    spif.component_id,
                    spif.label,
                    award.kind,
                    award.value,
                    award.description,
                    counter.progress,
                    spif.target,
                )
            )
    return tuple(awards)


def _retroactive_units(state: PeriodState, context: PeriodContext) -> list[PayoutLine]:
    """For each ``RETROACTIVE`` unit amount of the period version: the tier the period's
    units in scope reached re-rates all of them (they earned ``amount_per_unit`` as rated)."""
    rules = next(r for r in context.rules if r.version is context.period_version)
    totals = {c.component_id: c.units for c in state.unit_totals}
    lines = []
    for unit in rules.units:
        if unit.tier_mode is not UnitTierMode.RETROACTIVE:
            continue
        total = totals.get(unit.component_id, ZERO)
        per_unit, tier = unit.per_unit(total)
        extra = per_unit - unit.amount_per_unit
        if tier is None or not extra or not total:
            continue
        lines.append(
            PayoutLine(
                unit.component_id,
                ComponentKind.UNIT_AMOUNT,
                unit.label,
                round_money(extra * total, state.currency),
                ZERO,
                tier=tier.name,
                fixed_amount=extra,
                quantity=total,
            )
        )
    return lines
