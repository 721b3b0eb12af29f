"""Everything fixed for one rep's period, resolved once before any credit is rated.

Per-credit rules (rates, modifiers, timing, segment incentives) come from the
plan version in force on the credit's date. Rules that measure the whole
period (quota tiers, gate, caps, SPIFs) come from the *period version*: the
version in force on the last day the assignment covers in the period.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from commissions.components import (
    BaseRate,
    PayoutCap,
    ProductRate,
    QuotaTiers,
    RateModifier,
    SegmentIncentive,
    Spif,
    TierBasis,
    TierMode,
    TimingAccelerator,
    UnitAmount,
)
from commissions.credits import CreditLine
from commissions.fiscal_calendar import FiscalCalendar, FiscalPeriod
from commissions.money import ZERO
from commissions.plans import Assignment, PlanVersion, validate_plan_versions
from commissions.reasons import ReasonCode, Refusal, refusal
from commissions.tiers import Band, marginal_bands, needs_quota, scale_of


@dataclass(frozen=True, slots=True)
class RatingRules:
    """One version's per-credit rules, indexed so rating a line is a dict lookup."""

    version: PlanVersion
    base: BaseRate | None
    by_product: Mapping[str, ProductRate]
    by_family: Mapping[str, ProductRate]
    modifiers: tuple[RateModifier, ...]
    timing: tuple[TimingAccelerator, ...]
    segments: tuple[SegmentIncentive, ...]
    units: tuple[UnitAmount, ...] = ()
    _timing_on: dict[date, tuple[TimingAccelerator, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """The accelerators whose window holds a day, per day asked (a period rates many
    credits closed on the same few dozen days; the calendar lookup is the costly part)."""
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    """What rating derives from these rules alone, remembered by ``commissions.rating``
    (the rate step of each (product, family), the modifiers' steps): a period rates
    thousands of lines of a few dozen products. Derived from immutable values only."""

    def timing_on(self, day: date, calendar: FiscalCalendar) -> tuple[TimingAccelerator, ...]:
        """The timing accelerators that apply to a deal closed on ``day``."""
        found = self._timing_on.get(day)
        if found is None:
            found = tuple(t for t in self.timing if t.applies(day, calendar))
            self._timing_on[day] = found
        return found

    def rate_rule(self, line: CreditLine) -> BaseRate | ProductRate | None:
        """The rate that governs ``line``: its product's, else its family's, else the base."""
        return self.by_product.get(line.product_id) or self.by_family.get(line.family) or self.base


def compile_rules(version: PlanVersion) -> RatingRules:
    """Index ``version``'s components; the first product rate naming a product or family wins."""
    by_product: dict[str, ProductRate] = {}
    by_family: dict[str, ProductRate] = {}
    for component in version.components:
        if isinstance(component, ProductRate):
            for product_id in component.product_ids:
                by_product.setdefault(product_id, component)
            for family in component.families:
                by_family.setdefault(family, component)
    return RatingRules(
        version=version,
        base=next((c for c in version.components if isinstance(c, BaseRate)), None),
        by_product=by_product,
        by_family=by_family,
        modifiers=tuple(c for c in version.components if isinstance(c, RateModifier)),
        timing=tuple(c for c in version.components if isinstance(c, TimingAccelerator)),
        segments=tuple(c for c in version.components if isinstance(c, SegmentIncentive)),
        units=tuple(c for c in version.components if isinstance(c, UnitAmount)),
    )


@dataclass(frozen=True, slots=True)
class PeriodContext:
    """The resolved inputs of one rep's period; built once, shared by every credit."""

    assignment: Assignment
    period: FiscalPeriod
    calendar: FiscalCalendar
    period_version: PlanVersion
    rules: tuple[RatingRules, ...]
    tiers: QuotaTiers | None
    bands: tuple[Band, ...]
    cap: PayoutCap | None
    spifs: tuple[Spif, ...]
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    """What rating derives from the context alone (the bands that pay), remembered by
    ``commissions.rating``; derived from immutable values only."""

    @property
    def currency(self) -> str:
        """The plan's currency: every amount of the period is in it."""
        return self.period_version.currency

    @property
    def per_transaction(self) -> bool:
        """True when every credit is laid on the tier table on its own, from 0."""
        return self.tiers is not None and self.tiers.mode is TierMode.PER_TRANSACTION

    @property
    def on_units(self) -> bool:
        """True when the tier axis is units sold rather than revenue."""
        return self.tiers is not None and self.tiers.basis is TierBasis.UNITS

    def rules_for(self, day: date) -> RatingRules:
        """Rules in force on ``day``; the period version's when the plan had none then.

        The fallback matters for a clawback of a sale made before this plan existed.
        """
        for rules in self.rules:
            if rules.version.in_force_on(day):
                return rules
        return next(r for r in self.rules if r.version is self.period_version)


Built = tuple[PeriodContext | None, tuple[Refusal, ...]]

_RECENT_SIZE = 64
_recent: dict[tuple[int, int, int, int], tuple[tuple[object, ...], Built]] = {}
"""The last contexts built, keyed by the identity of their (immutable) inputs: a dashboard
estimates each open deal of a rep against the same plan versions, assignment, calendar and
period objects, and validating and compiling the plan once per deal was a tenth of its CPU.
Identity, not equality: hashing a plan's nested components costs about what building the
context does. The inputs are kept with the entry, so an id is never reused while remembered."""


@lru_cache(maxsize=256)
def _valid(versions: tuple[PlanVersion, ...]) -> bool:
    return not validate_plan_versions(versions)


def _validated(versions: tuple[PlanVersion, ...]) -> tuple[Refusal, ...]:
    """``validate_plan_versions``, its success remembered for equal versions: a pure function
    of frozen values, asked for every rep on every read (each home screen checked every
    component of every rep's plan again). Problems are found afresh each time (their text
    shows the amounts as given); unhashable versions are checked each time."""
    try:
        if _valid(versions):
            return ()
    except TypeError:
        pass
    return validate_plan_versions(versions)


def build_context(
    plan_versions: Iterable[PlanVersion],
    assignment: Assignment,
    calendar: FiscalCalendar,
    period: FiscalPeriod,
) -> Built:
    """Resolve the period's versions and rules, or the reasons it cannot be computed.

    Remembered for a tuple of versions (immutable, like the other inputs): the same input
    objects give the same (read-only) context without building it again."""
    if not isinstance(plan_versions, tuple):
        return _build_context(plan_versions, assignment, calendar, period)
    inputs = (plan_versions, assignment, calendar, period)
    key = (id(plan_versions), id(assignment), id(calendar), id(period))
    hit = _recent.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], inputs, strict=True)):
        return hit[1]
    built = _build_context(plan_versions, assignment, calendar, period)
    if len(_recent) >= _RECENT_SIZE:
        _recent.clear()  # one atomic step: safe when engines run in threads
    _recent[key] = (inputs, built)
    return built


def _build_context(
    plan_versions: Iterable[PlanVersion],
    assignment: Assignment,
    calendar: FiscalCalendar,
    period: FiscalPeriod,
) -> Built:
    versions = tuple(v for v in plan_versions if v.plan_id == assignment.plan_id)
    problems = _validated(versions)
    if problems:
        return None, problems
    last_day = period.end if assignment.end is None else min(period.end, assignment.end)
    first_day = max(period.start, assignment.start)
    if last_day < first_day:
        return None, (
            refusal(
                ReasonCode.ASSIGNMENT_NOT_ACTIVE,
                "The rep is not on this plan in the period.",
                "period",
            ),
        )
    in_window = [
        v
        for v in versions
        if v.effective_from <= last_day and (v.effective_to is None or v.effective_to >= first_day)
    ]
    if not in_window:
        return None, (
            refusal(
                ReasonCode.NO_PLAN_VERSION,
                "No plan version is in force in the period.",
                "planVersions",
            ),
        )
    period_version = max(in_window, key=lambda v: v.effective_from)
    if period_version.period_kind is not period.kind:
        return None, (
            refusal(
                ReasonCode.PERIOD_KIND_MISMATCH,
                f"The plan pays per {period_version.period_kind.value}.",
                "period",
            ),
        )
    tiers = next((c for c in period_version.components if isinstance(c, QuotaTiers)), None)
    if needs_quota(tiers) and assignment.quota <= ZERO:
        return None, (
            refusal(
                ReasonCode.MISSING_QUOTA,
                "Attainment tiers need a quota above 0 (tiers in amounts or units do not).",
                "quota",
            ),
        )
    sliced = tiers is not None and tiers.mode in (TierMode.MARGINAL, TierMode.PER_TRANSACTION)
    context = PeriodContext(
        assignment=assignment,
        period=period,
        calendar=calendar,
        period_version=period_version,
        rules=tuple(compile_rules(v) for v in versions),
        tiers=tiers,
        bands=marginal_bands(tiers, scale_of(tiers, assignment.quota)) if sliced and tiers else (),
        cap=next((c for c in period_version.components if isinstance(c, PayoutCap)), None),
        spifs=tuple(c for c in period_version.components if isinstance(c, Spif)),
    )
    return context, ()
