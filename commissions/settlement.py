"""Settling a period: the lines that depend on the whole period, not on one credit.

In this order, each rounded once:

1. **retroactive tier** - the tier reached re-rates all quota commission
   (``tier_base * (multiplier - 1)``), then the **attainment cap** cuts the
   share of it earned beyond ``max_attainment``;
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

from commissions.components import AwardKind, ComponentKind, Tier, TierMode
from commissions.context import PeriodContext
from commissions.lines import PayoutLine, SpifAward
from commissions.money import ONE, ZERO, round_money
from commissions.state import PeriodState
from commissions.tiers import counted_attainment, tier_at


@dataclass(frozen=True, slots=True)
class Settlement:
    """The period-level lines, the SPIF awards and the tier the period stands in."""

    lines: tuple[PayoutLine, ...]
    awards: tuple[SpifAward, ...]
    tier: Tier | None


def settle(state: PeriodState, context: PeriodContext) -> Settlement:
    """Period-level lines for ``state`` under the period version's rules."""
    currency = state.currency
    lines: list[PayoutLine] = []
    subject = state.commission
    tiers = context.tiers
    tier = None
    if tiers is not None:
        attainment = state.quota_revenue / state.assignment.quota
        tier = tier_at(tiers, counted_attainment(tiers, attainment))
        if tiers.mode is TierMode.RETROACTIVE:
            base = state.tier_base
            if tier.multiplier != ONE:
                lines.append(
                    PayoutLine(
                        tiers.component_id,
                        ComponentKind.QUOTA_TIER,
                        tiers.label,
                        round_money(base * (tier.multiplier - ONE), currency),
                        base,
                        multiplier=tier.multiplier,
                        tier=tier.name,
                    )
                )
            if tiers.max_attainment is not None and attainment > tiers.max_attainment:
                kept = tiers.max_attainment / attainment
                rerated = base * tier.multiplier
                lines.append(
                    PayoutLine(
                        tiers.component_id,
                        ComponentKind.ATTAINMENT_CAP,
                        tiers.label,
                        round_money(rerated * (kept - ONE), currency),
                        rerated,
                        multiplier=kept,
                    )
                )
        if tiers.gate is not None and attainment < tiers.gate:
            withheld = subject + sum((line.amount for line in lines), ZERO)
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
    if context.cap is not None:
        paid = subject + sum((line.amount for line in lines), ZERO)
        if paid > context.cap.max_payout:
            lines.append(
                PayoutLine(
                    context.cap.component_id,
                    ComponentKind.PAYOUT_CAP,
                    context.cap.label,
                    round_money(context.cap.max_payout - paid, currency),
                    paid,
                )
            )
    awards = _awards(state, context)
    for award in awards:
        if award.kind is AwardKind.CASH:
            lines.append(
                PayoutLine(
                    award.component_id,
                    ComponentKind.SPIF,
                    award.label,
                    round_money(award.value, currency),
                    award.progress,
                )
            )
    return Settlement(tuple(lines), awards, tier)


def _awards(state: PeriodState, context: PeriodContext) -> tuple[SpifAward, ...]:
    counters = {c.component_id: c for c in state.spifs}
    awards = []
    for spif in context.spifs:
        counter = counters[spif.component_id]
        if not counter.awarded and counter.progress >= spif.target:
            awards.append(
                SpifAward(
                    spif.component_id,
                    spif.label,
                    spif.award.kind,
                    spif.award.value,
                    spif.award.description,
                    counter.progress,
                    spif.target,
                )
            )
    return tuple(awards)
