"""Draws: a guaranteed amount per period, paid when what the rep has earned falls short.

A **recoverable** draw is an advance: the shortfall it pays is added to the
rep's outstanding draw balance, which later periods recover from what the rep
earns *above the draw amount* (so the rep is never paid less than the draw
while it runs). A **non-recoverable** draw is a guarantee: the shortfall is paid
and never recovered. An outstanding balance is still recovered after the draw
ends (the draw amount is then 0), from everything the rep earns.

The rule per period, with ``available >= 0`` what the rep would be paid without
a draw (a negative balance is carried separately and never reaches a draw)::

    recovered = min(outstanding, max(available - amount, 0))
    shortfall = max(amount - available, 0)        # paid by the draw
    paid      = available - recovered + shortfall  # = max(available - recovered, amount)

**A period's draws** (``period_draws``): each draw touching the period pays for the days it
covers in it. A draw of an assignment pays its amount prorated by those days (the
assignment's days, as its quota is: ``commissions.proration``, telescoped so two
back-to-back draws of the same amount pay exactly one period's amount); a rep's own draw
(no assignment) pays its whole amount when it is the period's only draw, as a guarantee
per period, and its days' share when it shares the period with another draw. A draw in
another currency than the statement's is converted first with the pair's rate valid on the
period's first day (as a carried balance is: ``commissions.payouts``), rounded once to the
statement currency's minor units; no such rate is ``EXCHANGE_RATE_MISSING``. The shares
add up to one :class:`Draw`; when both kinds share a period the shortfall is paid by the
non-recoverable guarantee first (``Draw.non_recoverable``), the rest is recoverable.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from commissions.currency import ExchangeRate, check_rate, missing_rate, rate_on
from commissions.fiscal_calendar import FiscalPeriod
from commissions.money import ZERO, round_money
from commissions.proration import span_of
from commissions.reasons import Refusal


class DrawKind(enum.Enum):
    """Whether the draw's shortfall payments are recovered from later earnings."""

    RECOVERABLE = "RECOVERABLE"
    NON_RECOVERABLE = "NON_RECOVERABLE"


@dataclass(frozen=True, slots=True)
class Draw:
    """``amount`` guaranteed for each period the draw covers, in the plan's currency."""

    kind: DrawKind
    amount: Decimal
    non_recoverable: Decimal | None = None
    """Of ``amount``, the guarantee never recovered when draws of both kinds share the period
    (None: all of ``amount`` is of ``kind``)."""

    @property
    def never_recovered(self) -> Decimal:
        """The part of ``amount`` whose shortfall is never recovered (paid first)."""
        if self.non_recoverable is not None:
            return self.non_recoverable
        return self.amount if self.kind is DrawKind.NON_RECOVERABLE else ZERO


@dataclass(frozen=True, slots=True)
class DrawOutcome:
    """What a draw did in one period; ``paid`` is the period's payout after it."""

    paid: Decimal
    shortfall_paid: Decimal
    """Paid by the draw on top of what was earned (0 when earnings reached the draw)."""
    recovered: Decimal
    """Taken from this period's earnings to repay earlier recoverable shortfalls (>= 0)."""
    outstanding: Decimal
    """The recoverable balance still to recover after this period (>= 0)."""
    non_recoverable_paid: Decimal
    """The part of ``shortfall_paid`` that is never recovered."""


def apply_draw(available: Decimal, draw: Draw | None, outstanding: Decimal) -> DrawOutcome:
    """The period's payout from ``available`` (>= 0) under ``draw`` (None: no draw this
    period) with ``outstanding`` recoverable balance brought in (>= 0)."""
    if available < ZERO or outstanding < ZERO:
        raise ValueError("available and outstanding are never negative")
    amount = draw.amount if draw is not None else ZERO
    recovered = min(outstanding, max(available - amount, ZERO))
    shortfall = max(amount - available, ZERO)
    never = min(shortfall, draw.never_recovered) if draw is not None else ZERO
    return DrawOutcome(
        paid=available - recovered + shortfall,
        shortfall_paid=shortfall,
        recovered=recovered,
        outstanding=outstanding - recovered + shortfall - never,
        non_recoverable_paid=never,
    )


@dataclass(frozen=True, slots=True)
class DrawTerms:
    """A draw as agreed: ``amount`` in ``currency`` per period, from ``start`` to ``end``."""

    draw_id: str
    kind: DrawKind
    amount: Decimal
    currency: str
    start: date
    end: date | None
    of_assignment: bool = False
    """True when the draw belongs to an assignment: always prorated by its days."""


@dataclass(frozen=True, slots=True)
class DrawConversion:
    """A draw paid in another currency: its share of the period before and after the rate."""

    draw_id: str
    rate: ExchangeRate
    original: Decimal
    """The draw's share of the period in its own currency (``rate.from_currency``)."""
    converted: Decimal
    """The same share in the statement's currency (what the period's draw counts)."""


@dataclass(frozen=True, slots=True)
class PeriodDraws:
    """The draws of one rep's period together, the conversions used, or the refusals."""

    draw: Draw | None = None
    conversions: tuple[DrawConversion, ...] = ()
    refusals: tuple[Refusal, ...] = ()


def period_draws(
    terms: Iterable[DrawTerms],
    period: FiscalPeriod,
    currency: str,
    rates: Iterable[ExchangeRate] = (),
) -> PeriodDraws:
    """The draw of ``period`` in ``currency`` from every draw touching it (module docstring)."""
    spans = [(t, p) for t in terms if (p := span_of(t.start, t.end, period)) is not None]
    rates = tuple(rates)
    lone = len(spans) == 1
    amounts: list[tuple[DrawKind, Decimal]] = []
    conversions: list[DrawConversion] = []
    refusals: list[Refusal] = []
    for term, span in spans:
        whole = lone and not term.of_assignment
        amount = term.amount
        rate = None
        if term.currency != currency:
            rate = rate_on(rates, term.currency, currency, period.start)
            if rate is None or not check_rate(rate.rate):
                refusals.append(missing_rate(term.currency, currency, period.start))
                continue
            amount = round_money(term.amount * rate.rate, currency)
        share = amount if whole else span.share(amount, currency)
        if rate is not None:
            original = term.amount if whole else span.share(term.amount, term.currency)
            conversions.append(DrawConversion(term.draw_id, rate, original, share))
        amounts.append((term.kind, share))
    if refusals:
        return PeriodDraws(refusals=tuple(refusals))
    return PeriodDraws(combine_draws(amounts), tuple(conversions))


def combine_draws(amounts: Iterable[tuple[DrawKind, Decimal]]) -> Draw | None:
    """One draw from the period's shares (None without any): one kind keeps it, both kinds
    are recoverable with their non-recoverable part set."""
    found = list(amounts)
    if not found:
        return None
    total = sum((a for _, a in found), ZERO)
    kinds = {k for k, _ in found}
    if len(kinds) == 1:
        return Draw(kinds.pop(), total)
    never = sum((a for k, a in found if k is DrawKind.NON_RECOVERABLE), ZERO)
    return Draw(DrawKind.RECOVERABLE, total, never)
