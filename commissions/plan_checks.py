"""Sanity checks on a plan version's components.

Ops build plans in a UI; a malformed one (two base rates, tiers out of
order, a SPIF without a target) is refused with ``INVALID_PLAN`` and the
path of the offending field rather than producing a surprising payout.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from commissions.components import (
    BaseRate,
    Component,
    PayoutCap,
    ProductRate,
    QuotaTiers,
    RateModifier,
    SegmentIncentive,
    Spif,
    TimingAccelerator,
)
from commissions.money import ZERO, is_known_currency
from commissions.reasons import ReasonCode, Refusal, refusal


def check_components(components: tuple[Component, ...], currency: str) -> tuple[Refusal, ...]:
    """Every problem found in ``components``; empty when the plan can be computed."""
    problems: list[tuple[str, str]] = []
    if not is_known_currency(currency):
        problems.append(("currency", f"Unknown currency {currency}."))
    ids = [c.component_id for c in components]
    if len(set(ids)) != len(ids):
        problems.append(("components", "Component ids must be unique."))
    for kind in (BaseRate, QuotaTiers, PayoutCap):
        if sum(isinstance(c, kind) for c in components) > 1:
            problems.append(("components", f"At most one {kind.__name__} per plan."))
    found = [
        refusal(ReasonCode.INVALID_PLAN, message, "components", str(index))
        for index, component in enumerate(components)
        for message in _problems(component)
    ]
    return tuple(refusal(ReasonCode.INVALID_PLAN, msg, field) for field, msg in problems) + tuple(
        found
    )


def _problems(component: Component) -> list[str]:
    """Messages for one component (field paths stop at the component's index)."""
    if isinstance(component, (BaseRate, ProductRate)):
        return _negative(component.rate, "rate")
    if isinstance(component, RateModifier):
        issues = _negative(component.multiplier, "multiplier")
        if component.above is None and component.below is None:
            issues.append("A modifier needs a threshold (above or below).")
        return issues
    if isinstance(component, TimingAccelerator):
        issues = _negative(component.multiplier, "multiplier")
        if (component.days > 0) == (component.months > 0) or min(
            component.days, component.months
        ) < 0:
            issues.append("A timing window needs exactly one of days or months.")
        return issues
    if isinstance(component, SegmentIncentive):
        return _negative(component.extra_rate, "extra rate") + _negative(
            component.amount_per_deal, "amount"
        )
    if isinstance(component, QuotaTiers):
        return _tier_problems(component)
    if isinstance(component, PayoutCap):
        return _negative(component.max_payout, "max payout")
    return _spif_problems(component)


def _tier_problems(tiers: QuotaTiers) -> list[str]:
    issues: list[str] = []
    floors = [t.floor for t in tiers.tiers]
    if not floors or floors[0] != ZERO:
        issues.append("Tiers start at 0% attainment.")
    if any(b <= a for a, b in pairwise(floors)):
        issues.append("Tier floors rise strictly.")
    for tier in tiers.tiers:
        issues += _negative(tier.multiplier, f"tier {tier.name} multiplier")
    if tiers.gate is not None:
        issues += _negative(tiers.gate, "gate")
    if tiers.max_attainment is not None and tiers.max_attainment <= ZERO:
        issues.append("The attainment cap is above 0%.")
    return issues


def _spif_problems(spif: Spif) -> list[str]:
    issues = _negative(spif.award.value, "award value")
    if spif.target <= ZERO:
        issues.append("A SPIF target is above 0.")
    if spif.window_end < spif.window_start:
        issues.append("A SPIF window ends after it starts.")
    if not spif.product_ids and not spif.families:
        issues.append("A SPIF names products or families.")
    return issues


def _negative(value: Decimal, what: str) -> list[str]:
    return [f"The {what} cannot be negative."] if value < ZERO else []
