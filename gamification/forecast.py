"""The manager's forecast: open deals by expected close period, per currency.

Each deal counts in the fiscal period of its expected close date. Its stage (the
quote's status) gives a stated probability for the weighted total; lost, rejected
and expired deals are out. Its category says how sure the rep is: COMMIT, BEST_CASE,
PIPELINE or OMITTED; a manager may override it, and the override wins while both
stay visible. Totals are cumulative like the commercial tools: best case includes
commit, pipeline includes both (OMITTED counts in none of them, but in ``total``).
Amounts in different currencies are never added: every row is one currency.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import auto

from gamification.calendar import Grain, Period, PeriodCalendar
from gamification.enums import NamedEnum


class Stage(NamedEnum):
    """Where the deal stands: the quote's status, by the same names."""

    DRAFT = auto()
    PENDING_APPROVAL = auto()
    APPROVED = auto()
    SENT = auto()
    ACCEPTED = auto()
    WON = auto()
    REJECTED = auto()
    EXPIRED = auto()
    LOST = auto()


PROBABILITY: dict[Stage, Decimal] = {
    Stage.DRAFT: Decimal("0.10"),
    Stage.PENDING_APPROVAL: Decimal("0.25"),
    Stage.APPROVED: Decimal("0.40"),
    Stage.SENT: Decimal("0.50"),
    Stage.ACCEPTED: Decimal("0.90"),
    Stage.WON: Decimal("1"),
}
"""The stated chance a deal at each stage closes; a stage missing here is out of the forecast."""


class Category(NamedEnum):
    """How sure the rep (or the manager) is that the deal closes in its period."""

    COMMIT = auto()
    BEST_CASE = auto()
    PIPELINE = auto()
    OMITTED = auto()


INCLUDED_IN: dict[Category, frozenset[Category]] = {
    Category.COMMIT: frozenset({Category.COMMIT}),
    Category.BEST_CASE: frozenset({Category.COMMIT, Category.BEST_CASE}),
    Category.PIPELINE: frozenset({Category.COMMIT, Category.BEST_CASE, Category.PIPELINE}),
}
"""Which categories each cumulative total adds up."""


def effective_category(stage: Stage, rep: Category | None, manager: Category | None) -> Category:
    """The manager's override, else the rep's call, else COMMIT when won and PIPELINE
    otherwise (a deal nobody called is pipeline)."""
    if manager is not None:
        return manager
    if rep is not None:
        return rep
    return Category.COMMIT if stage is Stage.WON else Category.PIPELINE


@dataclass(frozen=True, slots=True)
class Deal:
    """One quote as the forecast sees it."""

    quote_id: int
    rep_id: int
    amount: Decimal
    currency: str
    close_date: date
    stage: Stage
    rep_category: Category | None = None
    manager_category: Category | None = None

    @property
    def category(self) -> Category:
        """The call the forecast uses (``effective_category``)."""
        return effective_category(self.stage, self.rep_category, self.manager_category)

    @property
    def probability(self) -> Decimal | None:
        """The stage's probability, or None when the deal is out of the forecast."""
        return PROBABILITY.get(self.stage)


@dataclass(frozen=True, slots=True)
class Slip:
    """A recorded slippage event: ``amount`` left the period holding ``from_date``."""

    quote_id: int
    amount: Decimal
    currency: str
    from_date: date
    at: datetime


@dataclass(frozen=True, slots=True)
class Totals:
    """One period's figures in one currency."""

    total: Decimal = Decimal(0)
    """Every deal still in play (open or won), whatever its category."""
    weighted: Decimal = Decimal(0)
    """Σ amount × the stage's probability."""
    commit: Decimal = Decimal(0)
    best_case: Decimal = Decimal(0)
    """Commit plus best case."""
    pipeline: Decimal = Decimal(0)
    """Commit, best case and pipeline: every deal not omitted."""
    slipped: Decimal = Decimal(0)
    """The amount that slipped out of this period into a later quarter."""
    deals: int = 0
    slips: int = 0

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.total + other.total,
            self.weighted + other.weighted,
            self.commit + other.commit,
            self.best_case + other.best_case,
            self.pipeline + other.pipeline,
            self.slipped + other.slipped,
            self.deals + other.deals,
            self.slips + other.slips,
        )

    def __sub__(self, other: Totals) -> Totals:
        return Totals(
            self.total - other.total,
            self.weighted - other.weighted,
            self.commit - other.commit,
            self.best_case - other.best_case,
            self.pipeline - other.pipeline,
            self.slipped - other.slipped,
            self.deals - other.deals,
            self.slips - other.slips,
        )


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The deals and slips as they stood at one moment."""

    deals: Sequence[Deal] = ()
    slips: Sequence[Slip] = ()


@dataclass(frozen=True, slots=True)
class ForecastRow:
    """One period and currency: the totals now, their change since the earlier snapshot,
    and the deals that make them up (the explanation)."""

    period: Period
    currency: str
    totals: Totals
    change: Totals | None
    deals: tuple[Deal, ...]


def deal_totals(deal: Deal) -> Totals:
    """What one deal adds to its period (nothing when its stage is out)."""
    probability = deal.probability
    if probability is None:
        return Totals()
    category = deal.category

    def counted(cumulative: Category) -> Decimal:
        return deal.amount if category in INCLUDED_IN[cumulative] else Decimal(0)

    return Totals(
        total=deal.amount,
        weighted=deal.amount * probability,
        commit=counted(Category.COMMIT),
        best_case=counted(Category.BEST_CASE),
        pipeline=counted(Category.PIPELINE),
        deals=1,
    )


Key = tuple[Period, str]


class _Periods:
    """``calendar.period_of(day, grain)`` remembered per day for one forecast: a team's deals
    close on a few hundred days, and each deal asked for its period twice."""

    def __init__(self, calendar: PeriodCalendar, grain: Grain) -> None:
        self._calendar, self._grain = calendar, grain
        self._known: dict[date, Period] = {}

    def of(self, day: date) -> Period:
        found = self._known.get(day)
        if found is None:
            found = self._known[day] = self._calendar.period_of(day, self._grain)
        return found


def _sum(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, Decimal(0))


def _group_totals(deals: Sequence[Deal], slips: Sequence[Slip]) -> Totals:
    """The totals of one key's ``deals`` (all in the forecast) and ``slips``: each figure
    summed in the order ``deal_totals`` added them one deal at a time, so the same Decimal."""
    pipeline = INCLUDED_IN[Category.PIPELINE]
    best = INCLUDED_IN[Category.BEST_CASE]
    commit = INCLUDED_IN[Category.COMMIT]
    zero = Decimal(0)
    called = [(d.amount, d.category) for d in deals]
    return Totals(
        total=_sum(d.amount for d in deals),
        weighted=_sum(d.amount * PROBABILITY[d.stage] for d in deals),
        commit=_sum(a if c in commit else zero for a, c in called),
        best_case=_sum(a if c in best else zero for a, c in called),
        pipeline=_sum(a if c in pipeline else zero for a, c in called),
        slipped=_sum(s.amount for s in slips),
        deals=len(deals),
        slips=len(slips),
    )


def _tally(snapshot: Snapshot, periods: _Periods) -> dict[Key, Totals]:
    deals = _deals_by_key(snapshot.deals, periods)
    slips: dict[Key, list[Slip]] = {}
    for slip in snapshot.slips:
        slips.setdefault((periods.of(slip.from_date), slip.currency), []).append(slip)
    return {
        key: _group_totals(deals.get(key, ()), slips.get(key, ()))
        for key in dict.fromkeys([*deals, *slips])
    }


def _deals_by_key(deals: Iterable[Deal], periods: _Periods) -> dict[Key, list[Deal]]:
    grouped: dict[Key, list[Deal]] = {}
    for deal in deals:
        if deal.probability is not None:
            key = (periods.of(deal.close_date), deal.currency)
            grouped.setdefault(key, []).append(deal)
    return grouped


def build_forecast(
    current: Snapshot, previous: Snapshot | None, calendar: PeriodCalendar, grain: Grain
) -> list[ForecastRow]:
    """One row per (period of ``grain``, currency) that has a deal or a slip now or then,
    ordered by period then currency; ``change`` is now minus then (None without ``previous``)."""
    periods = _Periods(calendar, grain)
    now = _tally(current, periods)
    then = _tally(previous, periods) if previous is not None else {}
    deals = _deals_by_key(current.deals, periods)
    keys = sorted(set(now) | set(then), key=lambda k: (k[0].start, k[1]))
    return [
        ForecastRow(
            period=period,
            currency=currency,
            totals=now.get((period, currency), Totals()),
            change=None
            if previous is None
            else now.get((period, currency), Totals()) - then.get((period, currency), Totals()),
            deals=tuple(sorted(deals.get((period, currency), []), key=lambda d: d.quote_id)),
        )
        for period, currency in keys
    ]
