"""Sanity checks on a plan version's components.

Ops build plans in a UI; a malformed one (two base rates, tiers out of
order, a SPIF without a target, a rate above its ceiling (also once the tier
table's top multiplier has raised it), a multiplier of a million) is refused
with ``INVALID_PLAN`` and the path of the offending field
rather than producing a surprising payout. Every figure is also checked to be
finite and of sane size, so a plan decoded from storage can never make the
engine's arithmetic unbounded.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
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
    TierBasis,
    TimingAccelerator,
    UnitAmount,
)
from commissions.money import ONE, ZERO, is_known_currency
from commissions.reasons import ReasonCode, Refusal, refusal

MAX_RATE_CEILING = Decimal(10)
"""No component may pay more than 1000 % of credited revenue, whatever it allows."""
MAX_MULTIPLIER = Decimal(10)
"""Accelerators, decelerators and tier multipliers stay within 0–10×."""
MAX_ATTAINMENT = Decimal(10)
"""Tier floors, gates and attainment caps stay within 0–1000 % of quota."""
MAX_AMOUNT = Decimal("1e12")
"""Amounts (caps, per-deal pay, awards, SPIF targets) fit ``NUMERIC(18, 6)``."""


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
        for message in _problems(component) or _tiered_rate_problems(component, components)
    ]
    return tuple(refusal(ReasonCode.INVALID_PLAN, msg, field) for field, msg in problems) + tuple(
        found
    )


def _problems(component: Component) -> list[str]:
    """Messages for one component (field paths stop at the component's index)."""
    if not all(value.is_finite() for value in _figures(component)):
        return ["Every figure is a finite number."]
    if isinstance(component, (BaseRate, ProductRate)):
        issues = _negative(component.rate, "rate")
        if not _within(component.rate_ceiling, ZERO, MAX_RATE_CEILING):
            issues.append(f"The rate ceiling is at most {_pct(MAX_RATE_CEILING)} %.")
        elif not _within(component.rate, ZERO, component.rate_ceiling):
            issues.append(
                f"The rate is at most {_pct(component.rate_ceiling)} %"
                + (
                    " (raise the component's ceiling to allow more)."
                    if component.rate_ceiling <= ONE
                    else "."
                )
            )
        return issues
    if isinstance(component, RateModifier):
        issues = _negative(component.multiplier, "multiplier") + _multiplier(component.multiplier)
        for threshold in (component.above, component.below):
            if threshold is not None and not _within(threshold, -MAX_ATTAINMENT, MAX_ATTAINMENT):
                issues.append("A threshold is between -1000 % and 1000 %.")
        if component.above is None and component.below is None:
            issues.append("A modifier needs a threshold (above or below).")
        return issues
    if isinstance(component, TimingAccelerator):
        issues = _negative(component.multiplier, "multiplier") + _multiplier(component.multiplier)
        if (component.days > 0) == (component.months > 0) or min(
            component.days, component.months
        ) < 0:
            issues.append("A timing window needs exactly one of days or months.")
        return issues
    if isinstance(component, SegmentIncentive):
        issues = _negative(component.extra_rate, "extra rate") + _negative(
            component.amount_per_deal, "amount"
        )
        if not _within(component.extra_rate, -ONE, ONE):
            issues.append("The extra rate is at most 100 %.")
        return issues + _amount(component.amount_per_deal, "amount")
    if isinstance(component, QuotaTiers):
        return _tier_problems(component)
    if isinstance(component, UnitAmount):
        return _unit_problems(component)
    if isinstance(component, PayoutCap):
        return _negative(component.max_payout, "max payout") + _amount(
            component.max_payout, "max payout"
        )
    return _spif_problems(component)


def _tier_problems(tiers: QuotaTiers) -> list[str]:
    """A table starts at 0 and rises strictly: no gap before its first tier, no two tiers
    claiming one range (overlap), no tier starting below the one before (descending)."""
    issues: list[str] = []
    floors = [t.floor for t in tiers.tiers]
    if not floors or floors[0] != ZERO:
        issues.append("A gap: the first tier starts at 0.")
    for earlier, later in pairwise(tiers.tiers):
        if later.floor == earlier.floor:
            issues.append(f"Tiers {earlier.name} and {later.name} overlap: both start there.")
        elif later.floor < earlier.floor:
            issues.append(f"The table descends: {later.name} starts below {earlier.name}.")
    for tier in tiers.tiers:
        issues += _negative(tier.multiplier, f"tier {tier.name} multiplier") + _multiplier(
            tier.multiplier
        )
    if tiers.basis is TierBasis.ATTAINMENT:
        if any(not _within(floor, ZERO, MAX_ATTAINMENT) for floor in floors):
            issues.append(f"Tier floors are at most {_pct(MAX_ATTAINMENT)} % attainment.")
    else:
        for floor in floors:
            issues += _amount(floor, "tier start")
    if tiers.gate is not None:
        issues += _negative(tiers.gate, "gate") + _bounded_figure(tiers, tiers.gate, "gate")
    if tiers.max_attainment is not None and tiers.max_attainment <= ZERO:
        issues.append("The attainment cap is above 0%.")
    elif tiers.max_attainment is not None:
        issues += _bounded_figure(tiers, tiers.max_attainment, "attainment cap")
    return issues


def _unit_problems(unit: UnitAmount) -> list[str]:
    """Amounts not negative and storable; quantity tiers above 0 and strictly ascending (two
    tiers from one quantity overlap; a tier below the one before makes the table descend)."""
    issues = _negative(unit.amount_per_unit, "amount per unit") + _amount(
        unit.amount_per_unit, "amount per unit"
    )
    issues += _negative(unit.amount_per_deal, "amount per deal") + _amount(
        unit.amount_per_deal, "amount per deal"
    )
    for tier in unit.tiers:
        issues += _negative(tier.amount_per_unit, f"tier {tier.name} amount per unit")
        issues += _amount(tier.amount_per_unit, f"tier {tier.name} amount per unit")
        issues += _amount(tier.min_quantity, f"tier {tier.name} minimum quantity")
        if tier.min_quantity <= ZERO:
            issues.append(f"Tier {tier.name} starts above 0 units.")
    for earlier, later in pairwise(unit.tiers):
        if later.min_quantity == earlier.min_quantity:
            issues.append(f"Tiers {earlier.name} and {later.name} overlap: both start there.")
        elif later.min_quantity < earlier.min_quantity:
            issues.append(f"The table descends: {later.name} starts below {earlier.name}.")
    if len({tier.name for tier in unit.tiers}) != len(unit.tiers):
        issues.append("Quantity tier names are unique.")
    if not (unit.amount_per_unit or unit.amount_per_deal or unit.tiers):
        issues.append("A fixed amount pays something per unit or per deal.")
    return issues


def _bounded_figure(tiers: QuotaTiers, value: Decimal, what: str) -> list[str]:
    """A gate or cap in the table's basis: at most 1000 % of quota, or a storable amount."""
    if tiers.basis is not TierBasis.ATTAINMENT:
        return _amount(value, what)
    if _within(value, ZERO, MAX_ATTAINMENT):
        return []
    return [f"The {what} is at most {_pct(MAX_ATTAINMENT)} % attainment."]


def _tiered_rate_problems(component: Component, plan: tuple[Component, ...]) -> list[str]:
    """A rate times the table's top multiplier is the highest rate the component pays: it
    stays within the component's own ceiling (100 % unless the plan raised it)."""
    if not isinstance(component, (BaseRate, ProductRate)):
        return []
    tiers = next((c for c in plan if isinstance(c, QuotaTiers)), None)
    if tiers is None or not tiers.tiers or not all(_finite(t.multiplier) for t in tiers.tiers):
        return []
    top = max(tiers.tiers, key=lambda tier: tier.multiplier)
    reached = component.rate * top.multiplier
    if reached <= component.rate_ceiling:
        return []
    return [
        f"The rate reaches {_pct(reached)} % in tier {top.name}, above the component's "
        f"ceiling of {_pct(component.rate_ceiling)} %"
        + (" (raise the ceiling to allow it)." if component.rate_ceiling <= ONE else ".")
    ]


def _spif_problems(spif: Spif) -> list[str]:
    issues = _negative(spif.award.value, "award value") + _amount(spif.award.value, "award value")
    issues += _amount(spif.target, "target")
    if spif.target <= ZERO:
        issues.append("A SPIF target is above 0.")
    if spif.window_end < spif.window_start:
        issues.append("A SPIF window ends after it starts.")
    if not spif.product_ids and not spif.families:
        issues.append("A SPIF names products or families.")
    return issues


def _negative(value: Decimal, what: str) -> list[str]:
    return [f"The {what} cannot be negative."] if value.is_finite() and value < ZERO else []


def _figures(component: object) -> list[Decimal]:
    """Every Decimal in ``component``, its tiers and its award."""
    found: list[Decimal] = []
    for item in fields(component):  # type: ignore[arg-type]
        value = getattr(component, item.name)
        if isinstance(value, Decimal):
            found.append(value)
        elif is_dataclass(value):
            found += _figures(value)
        elif isinstance(value, tuple):
            found += [figure for part in value if is_dataclass(part) for figure in _figures(part)]
    return found


def _finite(value: Decimal) -> bool:
    return value.is_finite() and abs(value) < MAX_AMOUNT


def _within(value: Decimal, low: Decimal, high: Decimal) -> bool:
    """Finite and in [low, high]: NaN, infinities and absurd exponents are never within."""
    return value.is_finite() and low <= value <= high


def _multiplier(value: Decimal) -> list[str]:
    if _within(value, ZERO, MAX_MULTIPLIER) or (value.is_finite() and value < ZERO):
        return []
    return [f"A multiplier is at most {MAX_MULTIPLIER}×."]


def _amount(value: Decimal, what: str) -> list[str]:
    if value.is_finite() and abs(value) < MAX_AMOUNT:
        return []
    return [f"The {what} is less than 1,000,000,000,000."]


def _pct(fraction: Decimal) -> str:
    text = format((fraction * 100).normalize(), "f")
    return text
