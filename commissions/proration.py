"""Proration by days: an assignment covering part of a period gets that share of it.

When a rep changes role or territory mid-period, or joins or leaves, each assignment
covers some of the period's days. Its quota and the period-level rules measured in
amounts (tier tables in amounts or units, their gate and cap, the payout cap) are
scaled by ``days / period days``; rules measured as a share of quota (attainment
tiers, gates, caps) follow the prorated quota by themselves. Per-credit rules,
per-transaction tables and SPIF targets are not prorated: they judge a deal or a
window, not the period.

Shares are *telescoped*: an assignment's share is the rounded cumulative share at
its last day minus the rounded one the day before its first, so the shares of
adjacent assignments always add up exactly to the whole (quota, factor 1).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from commissions.components import Component, PayoutCap, QuotaTiers, TierBasis, TierMode
from commissions.fiscal_calendar import FiscalPeriod
from commissions.money import ZERO, round_money
from commissions.plans import Assignment, PlanVersion

FACTOR_QUANTUM = Decimal("0.000001")
"""A proration factor is shown and applied to six places (0.500000)."""


@dataclass(frozen=True, slots=True)
class Proration:
    """The days an assignment covers in a period: ``first`` to ``last``, inclusive."""

    first: date
    last: date
    offset: int
    """Days of the period before ``first``."""
    period_days: int

    @property
    def days(self) -> int:
        """Days covered."""
        return (self.last - self.first).days + 1

    @property
    def whole(self) -> bool:
        """True when the assignment covers the whole period: nothing is prorated."""
        return self.offset == 0 and self.days == self.period_days

    @property
    def factor(self) -> Decimal:
        """The share of the period, in [0, 1], to six places; factors of assignments that
        cover a period together add up to exactly 1."""
        return _cumulative(self.offset + self.days, self.period_days) - _cumulative(
            self.offset, self.period_days
        )

    def share(self, amount: Decimal, currency: str | None) -> Decimal:
        """``amount``'s share for these days, rounded to ``currency``'s minor units (exact
        when ``currency`` is None); the whole amount itself when the period is whole."""
        if self.whole:
            return amount
        end = amount * (self.offset + self.days) / self.period_days
        start = amount * self.offset / self.period_days
        if currency is None:
            return end - start
        return round_money(end, currency) - round_money(start, currency)


def _cumulative(days: int, period_days: int) -> Decimal:
    return (Decimal(days) / Decimal(period_days)).quantize(FACTOR_QUANTUM, ROUND_HALF_UP)


def proration_of(assignment: Assignment, period: FiscalPeriod) -> Proration | None:
    """The days ``assignment`` covers in ``period``; None when it covers none."""
    return span_of(assignment.start, assignment.end, period)


def span_of(start: date, end: date | None, period: FiscalPeriod) -> Proration | None:
    """The days ``start`` to ``end`` (inclusive; None: open) cover in ``period``; None when
    they cover none."""
    first = max(start, period.start)
    last = period.end if end is None else min(end, period.end)
    if last < first:
        return None
    return Proration(
        first=first,
        last=last,
        offset=(first - period.start).days,
        period_days=(period.end - period.start).days + 1,
    )


def prorate_assignment(
    assignment: Assignment, proration: Proration, currency: str | None
) -> Assignment:
    """The assignment with its quota and on-target earnings for its days only (rounded to
    ``currency``'s minor units; exact without one)."""
    if proration.whole:
        return assignment
    ote = assignment.on_target_earnings
    return dataclasses.replace(
        assignment,
        quota=proration.share(assignment.quota, currency),
        on_target_earnings=None if ote is None else proration.share(ote, currency),
    )


def prorate_version(version: PlanVersion, proration: Proration) -> PlanVersion:
    """``version`` with its period-level figures in amounts or units scaled to the days."""
    if proration.whole:
        return version
    return dataclasses.replace(
        version,
        components=tuple(_prorated(c, proration, version.currency) for c in version.components),
    )


def _prorated(component: Component, proration: Proration, currency: str) -> Component:
    if isinstance(component, PayoutCap):
        return dataclasses.replace(
            component, max_payout=proration.share(component.max_payout, currency)
        )
    if (
        isinstance(component, QuotaTiers)
        and component.basis is not TierBasis.ATTAINMENT
        and component.mode is not TierMode.PER_TRANSACTION
    ):
        return dataclasses.replace(
            component,
            tiers=tuple(
                dataclasses.replace(t, floor=_scaled(t.floor, proration)) for t in component.tiers
            ),
            gate=None if component.gate is None else _scaled(component.gate, proration),
            max_attainment=(
                None
                if component.max_attainment is None
                else _scaled(component.max_attainment, proration)
            ),
        )
    return component


def _scaled(figure: Decimal, proration: Proration) -> Decimal:
    """A table figure (an amount or units) for the days: exact, so edges keep their order."""
    if figure == ZERO:
        return ZERO
    return figure * proration.days / proration.period_days
