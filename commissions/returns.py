"""Returns under cumulative unit tables: where the sale's period stood when units came back.

A ``UnitAmount`` whose tier is chosen by the period's running total of units
(``UnitTierMode.MARGINAL`` or ``RETROACTIVE``) pays a unit according to everything else the
period sold. A return landing in a later period must take back exactly what the returned
units made *their sale's* period pay, not what they would be worth on top of the period
they land in: :func:`stand_clawback` records on each clawback line where the sale's period
stands on each cumulative table (its units in scope, less those earlier returns in later
periods took back), and rating walks that figure down (``UnitAmount.taken_back``). Summed,
the sale's period and every later return of its units equal that period with only the
units kept sold; returning everything gives back everything it paid. Exactly, to the cent,
when the credited units times the amounts are whole cents (whole units, or splits of a half or
a quarter); a split like a third leaves fractions of a cent, and each piece, in the sale's
period and in each return, is rounded on its own: a cent per piece at most.

When the rep changed assignment within the sale's period (a role or territory change), the
period is computed in parts, one per assignment (``commissions.split_period``), each under
its own plan's versions with its own credits: the sale stands on *its* part
(:func:`sale_part`), so the units sold under the other assignment, and the other plan's
tables, do not move where it stands. A return landing in the sale's own period but in the
part of another assignment (a sale under plan A, returned after the switch to plan B) is
stood on the sale's part the same way: it takes back what the sale paid, not B's rates.

The clawback is rated with the sale's own rules, not the landing period's: each line carries
every per-credit rule the sale was rated with (``UnitsStanding.table``: base and product
rates, rate modifiers, timing accelerators, segment incentives, fixed amounts per unit of
every ``tier_mode``, and the sale period's per-transaction tier table, scaled to amounts
when it is in attainment), and rating uses exactly those for it. A rep who moved to a plan
with another rate or table (or none), or a plan whose rates changed, gets back what the sale
paid (10 % of the returned revenue on a sale paid 10 %, under a landing plan paying 5 %),
not what the revenue or units would be worth under the rules of the day they came back.
Tiers that act on a period's attainment (marginal, retroactive, interpolated) act on the
landing period's, by design: a return lowers the attainment of the period it lands in.

The rules carry the currency the sale was rated in and the rate that converted it; under a
landing plan in another currency their fixed amounts and amount tables are converted at the
rates that converted the returned revenue (``commissions.sale_currency``). A same-period
return under another assignment stored before it was stood here carries no rules: the split
period stands it on its sale's part when computed (:func:`stand_on_sale_parts`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from commissions.components import (
    BaseRate,
    ProductRate,
    QuotaTiers,
    RateModifier,
    SegmentIncentive,
    TierBasis,
    TimingAccelerator,
    UnitAmount,
    UnitTierMode,
)
from commissions.context import PeriodContext, build_context
from commissions.credits import Credit, UnitsStanding
from commissions.currency import ExchangeRate, convert_credit
from commissions.fiscal_calendar import FiscalCalendar, FiscalPeriod
from commissions.money import ZERO
from commissions.period import compute_period
from commissions.plans import Assignment, PlanVersion
from commissions.proration import prorate_assignment, prorate_version, proration_of
from commissions.state import PeriodState

if TYPE_CHECKING:
    from commissions.credits import SaleRule


def stand_clawback(
    clawback: Credit,
    sale_period: PeriodState,
    earlier: Iterable[Credit],
    plan_versions: Iterable[PlanVersion],
    calendar: FiscalCalendar,
    rates: Iterable[ExchangeRate] = (),
) -> Credit:
    """``clawback`` with ``units_standing`` on its lines: every per-credit rule its sale was
    rated with (:func:`sale_rules`; for a cumulative unit table with the units its scope
    stood at before the line), so rating takes back what the sale paid even when the period
    it lands in runs another plan, other rates or another table; with the currency the sale
    was rated in and the rate that converted it (a landing plan in another currency converts
    the sale's amounts, ``commissions.sale_currency``). ``rates``: needed only when the
    clawback (a mirror of its stored sale) is not in the sale period's currency.

    ``sale_period``: the state of the rep's period that holds the sale (its running units per
    table). ``earlier``: clawbacks of that period's credits that landed in later periods
    before this one (their units no longer stand). Unchanged when the rules of the sale's
    day have no per-credit rule, or the period cannot be computed."""
    context, _ = build_context(
        tuple(plan_versions), sale_period.assignment, calendar, sale_period.period
    )
    if context is None:
        return clawback
    components = sale_rules(context, clawback.rated_on)
    if not components:
        return clawback
    currency, rate = _sale_currency(clawback, context.currency, rates)
    tables = _tables(c for c in components if isinstance(c, UnitAmount))
    standing = {c.component_id: c.units for c in sale_period.unit_totals}
    for table in tables:
        standing.setdefault(table.component_id, ZERO)
    for back in earlier:
        for line in back.lines:
            for table in tables:
                if table.matches(line):
                    standing[table.component_id] += line.quantity
    lines = []
    for line in clawback.lines:
        found = tuple(
            UnitsStanding(
                c.component_id,
                standing.get(c.component_id, ZERO) if isinstance(c, UnitAmount) else ZERO,
                c,
                currency,
                rate,
            )
            for c in components
        )
        for table in tables:
            if table.matches(line):
                standing[table.component_id] += line.quantity
        lines.append(dataclasses.replace(line, units_standing=found))
    return dataclasses.replace(clawback, lines=tuple(lines))


def _sale_currency(
    clawback: Credit, currency: str, rates: Iterable[ExchangeRate]
) -> tuple[str | None, Decimal | None]:
    """The currency the sale was rated in and the rate that converted it from the deal's
    (None: the deal was in it); (None, None) when that rate cannot be found (the landing
    plan's currency is then assumed, as for clawbacks stood before it was recorded)."""
    if clawback.currency != currency:  # (stored in another: its period converted it)
        converted, _ = convert_credit(clawback, currency, rates)
        if converted is None:
            return None, None
        clawback = converted
    return currency, clawback.exchange_rate if clawback.original_currency else None


def carries_sale_rules(credit: Credit) -> bool:
    """True when ``credit`` (a clawback) was stood with its sale's rules (``stand_clawback``)."""
    return any(s.table is not None for line in credit.lines for s in line.units_standing or ())


def stand_on_sale_parts(
    own: list[Credit],
    index: int,
    sold: Mapping[str, int],
    parts: Sequence[tuple[PeriodState | None, tuple[PlanVersion, ...]]],
    back: dict[int, list[Credit]],
    calendar: FiscalCalendar,
    rates: Iterable[ExchangeRate] = (),
) -> list[Credit]:
    """Part ``index``'s credits (``own``) of a split period, each clawback of a sale of an
    earlier part (``sold``: the part of each sale by credit id) that carries no sale rules
    stood on that part now (``parts``: each earlier part's state and prorated versions).

    Such a clawback (a return in its sale's period after the rep changed assignment, stored
    before the reversal stood it) would be rated with the landing part's plan: re-derived
    from its sale here, it takes back what the sale paid, as one stored since does. ``back``:
    by part, its sales' clawbacks in later parts so far (their units no longer stand there),
    extended here in order."""
    out = []
    for credit in own:
        part = sold.get(credit.reverses or "")
        if part is None or part >= index:
            out.append(credit)
            continue
        state, versions = parts[part]
        earlier = back.setdefault(part, [])
        if state is not None and not carries_sale_rules(credit):
            credit = stand_clawback(credit, state, earlier, versions, calendar, rates)
        earlier.append(credit)
        out.append(credit)
    return out


@dataclass(frozen=True, slots=True)
class SalePart:
    """The part of a split period holding a sale: where it stands, under which versions."""

    state: PeriodState
    versions: tuple[PlanVersion, ...]
    """Every plan's versions prorated by the part's days (as the close computes the part)."""
    first: date
    last: date
    """The days of the period the part covers (inclusive): its sales are dated in them."""


def sale_part(
    plan_versions: Iterable[PlanVersion],
    assignments: Iterable[Assignment],
    credits: Iterable[Credit],
    calendar: FiscalCalendar,
    period: FiscalPeriod,
    sale_day: date,
    rates: Iterable[ExchangeRate] = (),
) -> SalePart | None:
    """The part of ``period`` whose assignment is in force on ``sale_day``, computed as its
    statement computes it: its own credits, its quota and its plan's period figures prorated
    by its days. None when no assignment holds the day or the part cannot be computed."""
    owner = next((a for a in assignments if a.active_on(sale_day)), None)
    proration = None if owner is None else proration_of(owner, period)
    if owner is None or proration is None:
        return None
    versions = tuple(prorate_version(v, proration) for v in plan_versions)
    currency = next((v.currency for v in versions if v.plan_id == owner.plan_id), None)
    own = [c for c in credits if owner.active_on(c.credit_date)]
    prorated = prorate_assignment(owner, proration, currency)
    result = compute_period(versions, prorated, own, calendar, period, (), rates)
    if result.state is None:
        return None
    return SalePart(result.state, versions, proration.first, proration.last)


_PER_CREDIT = (
    BaseRate,
    ProductRate,
    RateModifier,
    TimingAccelerator,
    SegmentIncentive,
    UnitAmount,
)
"""The kinds of component ``commissions.context.compile_rules`` rates each credit with."""


def sale_rules(context: PeriodContext, day: date) -> tuple[SaleRule, ...]:
    """The rules a credit rated on ``day`` in ``context``'s period is rated with, as a
    clawback of it in a later period carries them: the per-credit components of the
    version in force that day, in the version's order (so the same rules are compiled from
    them), then the period's per-transaction tier table if it has one, in amounts or units
    (an attainment table scaled by the period's quota: the figures its bands were cut at)."""
    version = context.rules_for(day).version
    rules: tuple[SaleRule, ...] = tuple(c for c in version.components if isinstance(c, _PER_CREDIT))
    tiers = context.tiers
    if tiers is not None and context.per_transaction:
        rules += (_absolute(tiers, context.assignment.quota),)
    return rules


def _absolute(tiers: QuotaTiers, quota: Decimal) -> QuotaTiers:
    """``tiers`` measured in amounts when they are in attainment (fractions of ``quota``):
    cut into the same bands (``commissions.tiers.marginal_bands``) without the quota."""
    if tiers.basis is not TierBasis.ATTAINMENT:
        return tiers
    return dataclasses.replace(
        tiers,
        tiers=tuple(dataclasses.replace(t, floor=t.floor * quota) for t in tiers.tiers),
        gate=None if tiers.gate is None else tiers.gate * quota,
        max_attainment=None if tiers.max_attainment is None else tiers.max_attainment * quota,
        basis=TierBasis.AMOUNT,
    )


def _tables(units: Iterable[UnitAmount]) -> tuple[UnitAmount, ...]:
    return tuple(u for u in units if u.tier_mode is not UnitTierMode.LINE)
