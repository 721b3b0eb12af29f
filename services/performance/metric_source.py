"""Where contests and badges read metric values: a small protocol and the rollups behind it.

Contests and badges only need "what is this metric's value for these reps over this
window" (and, for badges, per period), so they take a ``MetricSource`` and never read
activities themselves. ``ROLLUPS`` answers from the per-day aggregates the activity log
keeps current (``services.performance.kpis.compute_values``); a test may plug in values
of its own with ``use_metric_source`` and put ``ROLLUPS`` back after. A contest's board
reads ``contest_values``: the running totals kept per participant as activities arrive
(``db.queries.contest_totals``), one row per participant instead of a day per rep.

A contest window is read as the whole local days it touches in each rep's time zone
(rollups are kept per local day); a rep's target applies where the window is exactly
one calendar period (a contest over a fiscal month is scored against the month's target).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from db.queries.contest_totals import ContestSum, contest_sums
from db.queries.contests import window_currency_sums, window_sums
from db.queries.rollups import SumRow
from gamification.badges import PeriodValue
from gamification.calendar import Grain, PeriodCalendar, local_day
from gamification.metrics import Aggregate, Measure
from services.performance.context import Definitions, load_definitions
from services.performance.kpi_context import KpiContext, load_kpi_context
from services.performance.kpis import compute_values, values_of_sums, versions_read
from services.performance.targets import pick_targets

BADGE_LOOKBACK_DAYS = 366
_INSTANT = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class RepValue:
    """A rep's value over a window, their own target there (ramped for new hires) and when
    they reached the value (the contest tie-breaker)."""

    value: Decimal
    target: Decimal | None = None
    reached_at: datetime | None = None


class MetricValues(Protocol):
    """Each rep's value of ``metric_key`` over ``[start, end)``; a rep left out has none."""

    async def __call__(
        self,
        session: AsyncSession,
        metric_key: str,
        rep_ids: Sequence[int],
        window: tuple[datetime, datetime],
    ) -> Mapping[int, RepValue]: ...


class PeriodValues(Protocol):
    """A rep's value of ``metric_key`` per period of ``grain`` up to ``until``, oldest first."""

    async def __call__(
        self, session: AsyncSession, metric_key: str, rep_id: int, grain: Grain, until: datetime
    ) -> Sequence[PeriodValue]: ...


class KnownMetric(Protocol):
    """Whether a metric with this key is defined."""

    async def __call__(self, session: AsyncSession, metric_key: str) -> bool: ...


class ContestWindow(Protocol):
    """What a contest read needs of the contest row."""

    @property
    def id(self) -> int: ...
    @property
    def metric_key(self) -> str: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...


class ContestValues(Protocol):
    """``MetricValues`` of a contest's own metric, from totals kept for that contest."""

    async def __call__(
        self,
        session: AsyncSession,
        contest: ContestWindow,
        rep_ids: Sequence[int],
        window: tuple[datetime, datetime],
    ) -> Mapping[int, RepValue]: ...


class CurrencyValues(Protocol):
    """``MetricValues`` of a money metric counting only amounts in ``currency``."""

    async def __call__(
        self,
        session: AsyncSession,
        metric_key: str,
        currency: str,
        rep_ids: Sequence[int],
        window: tuple[datetime, datetime],
    ) -> Mapping[int, RepValue]: ...


class WindowValues(Protocol):
    """``MetricValues`` over each of several windows (one mapping per window, in order)."""

    async def __call__(
        self,
        session: AsyncSession,
        metric_key: str,
        rep_ids: Sequence[int],
        windows: Sequence[tuple[datetime, datetime]],
    ) -> Sequence[Mapping[int, RepValue]]: ...


@dataclass(frozen=True, slots=True)
class MetricSource:
    values: MetricValues
    period_values: PeriodValues
    known: KnownMetric
    contest_values: ContestValues | None = None
    """Values of a contest's metric from its kept totals (``None``: ``values``)."""
    currency_values: CurrencyValues | None = None
    """Values of a money metric in one currency (``None``: ``values``, a test's own source)."""
    money_metric: KnownMetric | None = None
    """Whether a metric adds amounts of money (``None``: none does)."""
    window_values: WindowValues | None = None
    """``values`` over several windows at once (a tournament's qualifying window and rounds;
    ``None``: ``values`` once per window)."""


def money_metrics(definitions: Definitions, metric_key: str) -> list[str]:
    """The money metrics (a SUM or AVERAGE of amounts) a metric reads: itself, or a ratio's
    numerator or denominator; empty when it reads no money."""
    if metric_key not in definitions:
        return []
    return [
        key
        for key, _ in versions_read([metric_key], definitions)
        if definitions[key].measure is Measure.AMOUNT
        and definitions[key].aggregate in (Aggregate.SUM, Aggregate.AVERAGE)
    ]


class FromDayRollups(dict[int, RepValue]):
    """Contest values read (at least partly) from the day rollups rather than only from the
    contest's kept totals: a board built from them may not be reused on the totals'
    fingerprint alone (``services.performance.board_cache``)."""


def window_span(window: tuple[datetime, datetime], zone: tzinfo) -> tuple[date, date]:
    """The local days ``[first, end)`` of ``zone`` that ``window`` touches."""
    start, stop = window
    return local_day(start, zone), local_day(stop - _INSTANT, zone) + timedelta(days=1)


def _grain_spanning(calendar: PeriodCalendar, first: date, end: date) -> Grain | None:
    """The grain whose period is exactly ``[first, end)``, if any (a contest over a month
    is scored against the month's targets)."""
    for grain in Grain:
        period = calendar.period_of(first, grain)
        if (period.start, period.end) == (first, end):
            return grain
    return None


async def _rollup_values(
    session: AsyncSession,
    metric_key: str,
    rep_ids: Sequence[int],
    window: tuple[datetime, datetime],
) -> Mapping[int, RepValue]:
    """Each rep's value over the local days the window touches, summed from day rollups in
    one statement whatever the reps' zones, with the rep's KPI target where the window is
    exactly one calendar period."""
    return (await _rollup_windows(session, metric_key, rep_ids, [window]))[0]


async def _rollup_windows(
    session: AsyncSession,
    metric_key: str,
    rep_ids: Sequence[int],
    windows: Sequence[tuple[datetime, datetime]],
) -> list[Mapping[int, RepValue]]:
    """``_rollup_values`` over each of ``windows``: the sums of all of them in one statement
    (grouped by window and rep), whatever the number of windows."""
    context = await load_kpi_context(session, rep_ids, [metric_key])
    spans = [
        {rep: window_span(window, context.zones.get(rep, UTC)) for rep in rep_ids}
        for window in windows
    ]
    sums = await _day_sums(session, context, metric_key, *spans)
    return [_rep_values(context, metric_key, s, sums, n) for n, s in enumerate(spans)]


async def _day_sums(
    session: AsyncSession,
    context: KpiContext,
    metric_key: str,
    *spans: dict[int, tuple[date, date]],
) -> list[SumRow]:
    """The day rollups' sums over each of ``spans`` (rows numbered by its index)."""
    definitions = context.definitions
    versions = versions_read([metric_key], definitions)
    keyed = [(k, v) for k, v in versions if definitions[k].aggregate is Aggregate.DISTINCT_COUNT]
    return await window_sums(session, versions, keyed, spans)


def _rep_values(
    context: KpiContext,
    metric_key: str,
    spans: dict[int, tuple[date, date]],
    sums: Sequence[SumRow],
    n: int = 0,
) -> dict[int, RepValue]:
    """Each rep's value from the summed rows of window ``n``, with their target where their
    span is exactly one calendar period."""
    calendar = context.calendar
    mine = [row for row in sums if row[0] == n]
    values = values_of_sums(
        context.definitions, [metric_key], list(spans), 1, ((0, *row[1:]) for row in mine)
    )
    targets: dict[tuple[date, date], dict[int, Decimal]] = {}
    for span in set(spans.values()):
        grain = _grain_spanning(calendar, *span)
        if grain is not None:
            managers = {r: m for r, m in context.managers.items() if spans.get(r) == span}
            period = calendar.period_of(span[0], grain)
            targets[span] = pick_targets(context.targets_at(grain), metric_key, managers, period)
    found: dict[int, RepValue] = {}
    for rep, span in spans.items():
        value = values[(0, rep, metric_key)].value
        target = targets.get(span, {}).get(rep)
        found[rep] = RepValue(value if value is not None else Decimal(0), target)
    return found


def keeps_totals(definitions: Definitions, metric_key: str) -> list[str]:
    """The metrics whose contest totals a contest on ``metric_key`` keeps (the metric, or a
    ratio's two), or none when one is a distinct count: distinct customers over a window
    are not a sum of per-day counts, so those boards stay on the day rollups."""
    if metric_key not in definitions:
        return []
    versions = versions_read([metric_key], definitions)
    if any(definitions[k].aggregate is Aggregate.DISTINCT_COUNT for k, _ in versions):
        return []
    return [k for k, _ in versions]


async def _kept_values(
    session: AsyncSession,
    contest: ContestWindow,
    rep_ids: Sequence[int],
    window: tuple[datetime, datetime],
) -> Mapping[int, RepValue]:
    """Like ``_rollup_values``, but from the contest's kept totals (one row per participant
    and metric) for every rep whose kept span is the one their zone gives the whole
    window; the others (a zone or membership changed, a distinct count) from the day
    rollups over the window so far. Totals cover the whole window, so a fact stamped
    after ``now`` (within the recording tolerance) counts as soon as it is recorded."""
    metric_key = contest.metric_key
    context = await load_kpi_context(session, rep_ids, [metric_key])
    zones = {rep: context.zones.get(rep, UTC) for rep in rep_ids}
    spans = {rep: window_span(window, zone) for rep, zone in zones.items()}
    kept = keeps_totals(context.definitions, metric_key)
    if not kept:
        return FromDayRollups(
            _rep_values(
                context, metric_key, spans, await _day_sums(session, context, metric_key, spans)
            )
        )
    whole = (contest.starts_at, contest.ends_at)
    versions = versions_read([metric_key], context.definitions)
    found: dict[int, dict[str, ContestSum]] = {}
    for row in await contest_sums(session, contest.id, versions):
        found.setdefault(row[0], {})[row[1]] = row
    sums: list[SumRow] = []
    rest: dict[int, tuple[date, date]] = {}
    for rep, zone in zones.items():
        mine = found.get(rep, {})
        span = window_span(whole, zone)
        if all(k in mine and mine[k][2:4] == span for k in kept):
            sums += [(0, k, rep, mine[k][4], mine[k][5], 0) for k in kept]
        else:
            rest[rep] = spans[rep]
    if rest:
        sums += await _day_sums(session, context, metric_key, rest)
        return FromDayRollups(_rep_values(context, metric_key, spans, sums))
    return _rep_values(context, metric_key, spans, sums)


async def _rollup_periods(
    session: AsyncSession, metric_key: str, rep_id: int, grain: Grain, until: datetime
) -> Sequence[PeriodValue]:
    """The rep's value per period of ``grain`` over the year up to ``until`` (badges look
    back that far; older periods were evaluated when they were current)."""
    context = await load_kpi_context(session, [rep_id], [metric_key], grain)
    calendar = context.calendar
    last = local_day(until, context.zones.get(rep_id, UTC))
    periods = calendar.periods_between(last - timedelta(days=BADGE_LOOKBACK_DAYS), last, grain)
    values = await compute_values(session, context.definitions, [metric_key], [rep_id], periods)
    return [
        PeriodValue(period.label, value)
        for n, period in enumerate(periods)
        if (value := values[(n, rep_id, metric_key)].value) is not None
    ]


async def _currency_values(
    session: AsyncSession,
    metric_key: str,
    currency: str,
    rep_ids: Sequence[int],
    window: tuple[datetime, datetime],
) -> Mapping[int, RepValue]:
    """``_rollup_values`` of a money metric counting only the amounts in ``currency`` (from
    the per-currency day rollups; a ratio's other side from the plain ones), in one
    statement: a THB sale never adds to a USD contest."""
    context = await load_kpi_context(session, rep_ids, [metric_key])
    spans = {rep: window_span(window, context.zones.get(rep, UTC)) for rep in rep_ids}
    definitions = context.definitions
    versions = versions_read([metric_key], definitions)
    money = money_metrics(definitions, metric_key)
    keyed = [(k, v) for k, v in versions if definitions[k].aggregate is Aggregate.DISTINCT_COUNT]
    sums = await window_currency_sums(session, versions, keyed, money, currency, [spans])
    return _rep_values(context, metric_key, spans, sums)


async def _defined(session: AsyncSession, metric_key: str) -> bool:
    return metric_key in await load_definitions(session)


async def _money(session: AsyncSession, metric_key: str) -> bool:
    return bool(money_metrics(await load_definitions(session), metric_key))


ROLLUPS = MetricSource(
    _rollup_values,
    _rollup_periods,
    _defined,
    _kept_values,
    _currency_values,
    _money,
    _rollup_windows,
)
"""Metric values from the day rollups the activity log keeps current."""
_current = [ROLLUPS]


def metric_source() -> MetricSource:
    """The source contests and badges read (``ROLLUPS`` unless a test plugs in its own)."""
    return _current[0]


def use_metric_source(source: MetricSource) -> None:
    """Plug in another source (a test's own values); ``ROLLUPS`` puts the real one back."""
    _current[0] = source
