"""The period state: everything a period's payout depends on, in a few numbers.

``compute_period`` folds a rep's credits into a :class:`PeriodState`; the
state is small enough to cache or store next to the period, and it is all
``estimate_deal`` needs: a what-if folds one more deal onto it and settles
again, instead of re-rating thousands of credits. Because both paths run the
same :func:`fold`, an estimate is exactly the difference between the period
with and without the deal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from commissions.components import ComponentKind, SpifMeasure
from commissions.context import PeriodContext
from commissions.credits import Credit
from commissions.fiscal_calendar import FiscalPeriod
from commissions.lines import PayoutLine
from commissions.money import ZERO
from commissions.plans import Assignment
from commissions.rating import rate_credit

SortKey = tuple[date, str, str]


@dataclass(frozen=True, slots=True)
class SpifCounter:
    """Progress toward one SPIF."""

    component_id: str
    progress: Decimal
    awarded: bool = False
    """Paid in an earlier period of the SPIF's window, so never again."""


@dataclass(frozen=True, slots=True)
class UnitCounter:
    """The period's running units in the scope of one cumulative ``UnitAmount``."""

    component_id: str
    units: Decimal


@dataclass(frozen=True, slots=True)
class EarnedAmount:
    """Per-credit commission earned to date by one component (rounded line amounts summed)."""

    component_id: str
    kind: ComponentKind
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PeriodState:
    """A rep's period so far, as aggregates."""

    assignment: Assignment
    period: FiscalPeriod
    period_version: int
    currency: str
    credited_revenue: Decimal
    quota_revenue: Decimal
    """Drives attainment and the marginal-tier position."""
    tier_base: Decimal
    """The exact commission that retroactive tiers re-rate."""
    earned: tuple[EarnedAmount, ...]
    """What gates and caps act on."""
    spifs: tuple[SpifCounter, ...]
    credit_count: int
    last_key: SortKey | None
    """The ordering key of the last credit folded in (credits are rated in date order)."""
    quota_units: Decimal = ZERO
    """Units of the lines that count toward quota: the figure of a tier table in units
    (last, with a default, so a state cached before it existed still decodes)."""
    unit_totals: tuple[UnitCounter, ...] = ()
    """Units in scope of each cumulative-tier ``UnitAmount`` (``MARGINAL``/``RETROACTIVE``):
    where the next unit lands, and the total a retroactive tier is judged by."""

    @property
    def rep_id(self) -> str:
        """Whose period this is."""
        return self.assignment.rep_id

    @property
    def commission(self) -> Decimal:
        """Per-credit commission earned to date, before period-level tiers, gate and caps."""
        return sum((e.amount for e in self.earned), ZERO)

    @property
    def attainment(self) -> Decimal | None:
        """Quota revenue over quota (1 = 100 %), or None without a quota."""
        quota = self.assignment.quota
        return self.quota_revenue / quota if quota > ZERO else None


def sort_key(credit: Credit) -> SortKey:
    """The order credits are rated in: date, deal, credit; results never depend on input order."""
    return (credit.credit_date, credit.deal_id, credit.credit_id)


def opening_state(context: PeriodContext, carried: Iterable[SpifCounter] = ()) -> PeriodState:
    """A period's empty state, with SPIF progress carried in from earlier periods of a window."""
    before = {c.component_id: c for c in carried}
    counters = tuple(
        before.get(spif.component_id, SpifCounter(spif.component_id, ZERO))
        for spif in context.spifs
    )
    return PeriodState(
        assignment=context.assignment,
        period=context.period,
        period_version=context.period_version.version,
        currency=context.currency,
        credited_revenue=ZERO,
        quota_revenue=ZERO,
        tier_base=ZERO,
        earned=(),
        spifs=counters,
        credit_count=0,
        last_key=None,
    )


def fold(
    state: PeriodState, credits: Iterable[Credit], context: PeriodContext
) -> tuple[PeriodState, tuple[PayoutLine, ...]]:
    """Rate ``credits`` (already in :func:`sort_key` order) on top of ``state``.

    Returns the new state and the credits' payout lines.
    """
    earned = {(e.component_id, e.kind): e.amount for e in state.earned}
    progress = {c.component_id: c.progress for c in state.spifs}
    credited, position, tier_base = state.credited_revenue, state.quota_revenue, state.tier_base
    units = state.quota_units
    unit_totals = {c.component_id: c.units for c in state.unit_totals}
    count, last_key = state.credit_count, state.last_key
    lines: list[PayoutLine] = []
    on_units, get = context.on_units, earned.get
    spifs = [
        (
            s.component_id,
            s.window_start,
            s.window_end,
            s.product_ids,
            s.families,
            s.measure is SpifMeasure.UNITS,
        )
        for s in context.spifs
    ]
    for credit in credits:
        rated = rate_credit(credit, context, units if on_units else position, unit_totals)
        lines += rated.lines
        credited += rated.credited_revenue
        position += rated.quota_revenue
        units += rated.quota_units
        tier_base += rated.tier_base
        for line in rated.lines:
            key = (line.component_id, line.kind)
            earned[key] = get(key, ZERO) + line.amount
        day = credit.rated_on
        for spif_id, start, end, product_ids, families, in_units in spifs:  # ``Spif.counts``
            if start <= day <= end:
                for credit_line in credit.lines:
                    if credit_line.product_id in product_ids or credit_line.family in families:
                        progress[spif_id] += (
                            credit_line.quantity if in_units else credit_line.amount
                        )
        count += 1
    if count != state.credit_count:
        last_key = sort_key(credit)
    new_state = dataclasses.replace(
        state,
        credited_revenue=credited,
        quota_revenue=position,
        quota_units=units,
        tier_base=tier_base,
        earned=tuple(EarnedAmount(key[0], key[1], amount) for key, amount in earned.items()),
        spifs=tuple(
            SpifCounter(c.component_id, progress[c.component_id], c.awarded) for c in state.spifs
        ),
        credit_count=count,
        last_key=last_key,
        unit_totals=tuple(UnitCounter(key, total) for key, total in unit_totals.items()),
    )
    return new_state, tuple(lines)
