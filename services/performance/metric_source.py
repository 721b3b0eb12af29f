"""Where contests and badges read metric values: a small protocol and the rollups behind it.

Contests and badges only need "what is this metric's value for these reps over this
window" (and, for badges, per period), so they take a ``MetricSource`` and never read
activities themselves. ``ROLLUPS`` answers from the per-day aggregates the activity log
keeps current (``services.performance.kpis.compute_values``); a test may plug in values
of its own with ``use_metric_source`` and put ``ROLLUPS`` back after.

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

from db.queries.contests import window_sums
from gamification.badges import PeriodValue
from gamification.calendar import Grain, PeriodCalendar, local_day
from gamification.metrics import Aggregate
from services.performance.context import load_definitions
from services.performance.kpi_context import load_kpi_context
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


@dataclass(frozen=True, slots=True)
class MetricSource:
    values: MetricValues
    period_values: PeriodValues
    known: KnownMetric


def _span(window: tuple[datetime, datetime], zone: tzinfo) -> tuple[date, date]:
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
    context = await load_kpi_context(session, rep_ids, [metric_key])
    definitions, calendar = context.definitions, context.calendar
    spans = {rep: _span(window, context.zones.get(rep, UTC)) for rep in rep_ids}
    versions = versions_read([metric_key], definitions)
    keyed = [(k, v) for k, v in versions if definitions[k].aggregate is Aggregate.DISTINCT_COUNT]
    sums = await window_sums(session, versions, keyed, spans)
    values = values_of_sums(definitions, [metric_key], rep_ids, 1, sums)
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


async def _defined(session: AsyncSession, metric_key: str) -> bool:
    return metric_key in await load_definitions(session)


ROLLUPS = MetricSource(_rollup_values, _rollup_periods, _defined)
"""Metric values from the day rollups the activity log keeps current."""
_current = [ROLLUPS]


def metric_source() -> MetricSource:
    """The source contests and badges read (``ROLLUPS`` unless a test plugs in its own)."""
    return _current[0]


def use_metric_source(source: MetricSource) -> None:
    """Plug in another source (a test's own values); ``ROLLUPS`` puts the real one back."""
    _current[0] = source
