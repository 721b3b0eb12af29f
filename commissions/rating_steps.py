"""What rating a credit derives from a plan version's rules or a period's context alone,
prepared once and remembered in their ``memo``: the rate step of each (product, family),
the steps of the modifiers and of the accelerators of a day, the tier bands that pay.

A period rates hundreds of thousands of lines of a few dozen products; with these, each
line's steps are dictionary lookups (``rating.rate_credit``). All derived from immutable
values, so remembering them never changes a result.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import cast

from commissions.components import BaseRate, ComponentKind, RateModifier, Scope
from commissions.context import PeriodContext, RatingRules
from commissions.fiscal_calendar import FiscalCalendar
from commissions.money import ONE
from commissions.plans import PlanVersion

Key = tuple[str, ComponentKind, str | None]
"""A payout line's group: (component, kind, tier)."""

RateStep = tuple[Key, Decimal, str, bool] | None
"""A line's rate step, by its (product, family): the group key, the rate, its label and
whether the line counts toward quota; None when no rate claims the line."""
Step = tuple[Key, str, Decimal, Decimal]
"""A multiplying step (modifier, accelerator, tier band): key, label, multiplier, and the
multiplier less one (what the step adds per unit of the commission so far)."""


def multiplying_step(component_id: str, kind: ComponentKind, label: str, by: Decimal) -> Step:
    """The step of a component multiplying the commission so far ``by`` (no tier)."""
    return ((component_id, kind, None), label, by, by - ONE)


def rate_step(rules: RatingRules, product_id: str, family: str) -> RateStep:
    """The rate step of a line of ``product_id`` in ``family`` (``RatingRules.rate_rule``)."""
    memo = rules.memo
    found = memo.get((product_id, family), False)
    if found is not False:
        return found  # type: ignore[return-value]
    rule = rules.by_product.get(product_id) or rules.by_family.get(family) or rules.base
    step: RateStep = None
    if isinstance(rule, BaseRate):
        step = ((rule.component_id, ComponentKind.BASE_RATE, None), rule.rate, rule.label, True)
    elif rule is not None:
        key: Key = (rule.component_id, ComponentKind.PRODUCT_RATE, None)
        step = (key, rule.rate, rule.label, rule.counts_toward_quota)
    memo[(product_id, family)] = step
    return step


def modifier_steps(rules: RatingRules) -> tuple[tuple[RateModifier, Step], ...] | None:
    """The modifiers with their steps, or None when one judges each line (not the deal)."""
    found = rules.memo.get("modifiers", False)
    if found is False:
        found = None
        if all(m.scope is Scope.DEAL for m in rules.modifiers):
            found = tuple(
                (
                    m,
                    multiplying_step(
                        m.component_id, ComponentKind.RATE_MODIFIER, m.label, m.multiplier
                    ),
                )
                for m in rules.modifiers
            )
        rules.memo["modifiers"] = found
    return found  # type: ignore[return-value]


_TIMING: dict[tuple[int, int, date], tuple[PlanVersion, FiscalCalendar, list[Step]]] = {}
"""The accelerators' steps of a day, by the identity of the plan version and the calendar:
a close rates the credits of 200 reps on one plan, each rep's rules compiled apart from
the same version object, on the same 90 days; finding the accelerators of each (rep, day)
in the calendar was a tenth of rating. The entry keeps its version and calendar, so their
ids are not reused while remembered; the cache is emptied when full."""
_TIMING_MAX = 4_096


def timing_steps(rules: RatingRules, day: date, calendar: FiscalCalendar) -> list[Step]:
    """The steps of the timing accelerators that apply to a deal closed on ``day``."""
    found = cast("list[Step] | None", rules.memo.get(day))  # (days: keys of their own type)
    if found is None:
        version = rules.version
        key = (id(version), id(calendar), day)
        shared = _TIMING.get(key)
        if shared is not None and shared[0] is version and shared[1] is calendar:
            found = shared[2]
        else:
            found = [
                multiplying_step(
                    a.component_id, ComponentKind.TIMING_ACCELERATOR, a.label, a.multiplier
                )
                for a in rules.timing_on(day, calendar)
            ]
            if len(_TIMING) >= _TIMING_MAX:
                _TIMING.clear()
            _TIMING[key] = (version, calendar, found)
        rules.memo[day] = found
    return found


def paying_bands(
    context: PeriodContext,
) -> tuple[tuple[Decimal | None, Decimal | None, Step], ...]:
    """The tier bands whose multiplier is not 1 (the others add nothing), with their steps."""
    found = context.memo.get("bands")
    tiers = context.tiers
    if found is None and tiers is not None:
        found = context.memo["bands"] = tuple(
            (
                band.lower,
                band.upper,
                (
                    (tiers.component_id, band.kind, band.tier),
                    tiers.label,
                    band.multiplier,
                    band.multiplier - ONE,
                ),
            )
            for band in context.bands
            if band.multiplier != ONE
        )
    return found or ()  # type: ignore[return-value]


Bands = tuple[tuple[Decimal | None, Decimal | None, Step], ...]
Prepared = tuple[bool, Bands, bool, bool, bool]
"""Whether lines are laid on tier bands, the bands that pay, whether they ascend, whether
the axis is units, whether each credit is laid on it on its own (from 0)."""


def prepare(context: PeriodContext) -> Prepared:
    tiered = context.tiers is not None and bool(context.bands)
    bands = paying_bands(context) if tiered else ()
    return tiered, bands, ascending(bands), context.on_units, context.per_transaction


def ascending(bands: Bands) -> bool:
    """True when each band starts no lower than the one before (the first may be open):
    rating stops at the first band starting above a move. A validated table always does."""
    lowers = [lower for lower, _, _ in bands]
    if None in lowers[1:]:
        return False
    rest = cast("list[Decimal]", lowers[1:])
    return all(a <= b for a, b in pairwise(rest))
