"""KPIs for a rep, a team or a list of reps: value, target, trend, team rank, explanation.

Values come from day rollups summed over the period (one statement for every
rep, metric and both periods), never from scanning activities; what the sums need
first (definitions, calendar, zones, targets) is one statement more
(``services.performance.kpi_context``). A rep with no activity gets zero, never a
missing row. ``metric_values`` is the narrow read contests and badges use.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.queries.rollups import CURRENCY_SEPARATOR, SumRow, period_sums
from db.queries.team_view import team_with_managers
from gamification.calendar import Grain, Period, local_day
from gamification.metrics import MetricDefinition
from gamification.values import KpiValue, Summary, Trend, attainment, team_ranks, trend, value_of
from services.performance.context import Definitions
from services.performance.kpi_context import load_kpi_context
from services.performance.targets import pick_targets
from services.refusal import Code, refuse

Values = dict[tuple[int, int, str], KpiValue]
"""(period index, rep, metric key) → value"""


def needed(keys: Collection[str], definitions: Definitions) -> list[MetricDefinition]:
    """The definitions of ``keys`` and, through ratios, of every metric they divide."""
    found: dict[str, MetricDefinition] = {}
    pending = list(keys)
    while pending:
        definition = definitions[pending.pop()]
        if definition.key in found:
            continue
        found[definition.key] = definition
        pending += [k for k in (definition.numerator, definition.denominator) if k]
    return list(found.values())


def versions_read(keys: Collection[str], definitions: Definitions) -> list[tuple[str, int]]:
    """The (metric, version) pairs whose rollups the values of ``keys`` sum."""
    return [(d.key, d.version) for d in needed(keys, definitions) if not d.is_ratio]


def values_of_sums(
    definitions: Definitions,
    keys: Collection[str],
    rep_ids: Sequence[int],
    periods: int,
    sums: Iterable[SumRow],
) -> Values:
    """The value of every metric of ``keys`` for every rep and period index below
    ``periods``, from the summed rollup rows (a rep or metric with none is zero)."""
    summaries: dict[tuple[int, int], dict[str, Summary]] = {}
    money: list[SumRow] = []
    for row in sums:
        n, metric, rep, count, total, distinct = row
        if CURRENCY_SEPARATOR in metric:
            money.append(row)
            continue
        by_metric = summaries.setdefault((n, rep), {})
        was = by_metric.get(metric)
        by_metric[metric] = (
            Summary(count, total, distinct)
            if was is None
            else Summary(was.count + count, was.total + total, was.distinct + distinct)
        )
    for n, metric, rep, count, total, _ in sorted(money):
        key, currency = metric.split(CURRENCY_SEPARATOR, 1)
        if count or total:  # not all taken back
            by_metric = summaries.setdefault((n, rep), {})
            was = by_metric.get(key, Summary())
            currencies = (*was.currencies, (currency, count, total))
            by_metric[key] = dataclasses.replace(was, currencies=currencies)
    chosen = [definitions[key] for key in keys]
    empty: dict[str, Summary] = {}
    return {
        (n, rep, definition.key): value_of(definition, summaries.get((n, rep), empty), definitions)
        for n in range(periods)
        for rep in rep_ids
        for definition in chosen
    }


async def compute_values(
    session: AsyncSession,
    definitions: Definitions,
    keys: Collection[str],
    rep_ids: Sequence[int],
    periods: Sequence[Period],
) -> Values:
    """The value of every metric of ``keys`` for every rep and period."""
    spans = [(p.start, p.end) for p in periods]
    sums = await period_sums(session, versions_read(keys, definitions), spans, rep_ids)
    return values_of_sums(definitions, keys, rep_ids, len(periods), sums)


async def metric_values(
    session: AsyncSession, metric_key: str, rep_ids: Sequence[int], period: Period
) -> dict[int, KpiValue]:
    """Each rep's value of ``metric_key`` (current version) over ``period``."""
    definitions = (await load_kpi_context(session, (), [metric_key])).definitions
    values = await compute_values(session, definitions, [metric_key], rep_ids, [period])
    return {rep: values[(0, rep, metric_key)] for rep in rep_ids}


@dataclass(frozen=True, slots=True)
class KpiSelection:
    """Whose KPIs (reps, or a manager's team; the actor by default), which metrics (the
    standard set by default), at which grain, for the period holding ``on``."""

    rep_ids: tuple[int, ...] = ()
    team_of: int | None = None
    metric_keys: tuple[str, ...] = ()
    grain: Grain = Grain.DAY
    on: date | None = None


@dataclass(frozen=True, slots=True)
class KpiLine:
    """One rep's one metric in the period, against target and the previous period."""

    rep_id: int
    definition: MetricDefinition
    period: Period
    value: KpiValue
    previous: KpiValue
    target: Decimal | None
    attainment: Decimal | None
    trend: Trend
    rank: int | None
    ranked_among: int


async def _reps(
    session: AsyncSession, actor: Actor, selection: KpiSelection, managers: dict[int, int | None]
) -> tuple[list[int], dict[int, int | None]]:
    """The reps asked for, and each existing one's manager (``managers`` holds those of the
    reps named; a team's are read with it)."""
    if selection.team_of is not None:
        if selection.team_of != actor.user_id and not actor.sees_all_sales_records():
            raise refuse(Code.NOT_FOUND, "No team you may see.", ("team",))
        team = await team_with_managers(session, selection.team_of)
        return sorted(team), team
    reps = list(dict.fromkeys(selection.rep_ids)) or [actor.user_id]
    for i, rep in enumerate(reps):
        if not actor.may_see_owner(rep):
            raise refuse(Code.NOT_FOUND, "No rep you may see.", ("reps", str(i)))
    return reps, {rep: managers[rep] for rep in reps if rep in managers}


async def kpis(
    session: AsyncSession, actor: Actor, now: datetime, selection: KpiSelection
) -> list[KpiLine]:
    """The KPI lines, rep by rep in the order asked, metric by metric."""
    asked = set(selection.rep_ids) | {actor.user_id}
    wanted = list(dict.fromkeys(selection.metric_keys)) or None
    context = await load_kpi_context(session, asked, wanted, selection.grain)
    definitions = context.definitions
    keys = wanted or list(definitions)
    for i, key in enumerate(keys):
        if key not in definitions:
            raise refuse(Code.NOT_FOUND, f"No metric {key}.", ("metrics", str(i)))
    reps, managers = await _reps(session, actor, selection, context.managers)
    zone = context.zones.get(actor.user_id)
    day = selection.on or (local_day(now, zone) if zone else now.date())
    calendar = context.calendar
    period = calendar.period_of(day, selection.grain)
    values = await compute_values(
        session, definitions, keys, reps, [period, calendar.previous(period)]
    )
    rows = context.targets_at(selection.grain)
    lines: list[KpiLine] = []
    for key in keys:
        definition = definitions[key]
        ranks = team_ranks({rep: values[(0, rep, key)].value for rep in reps}, definition.better)
        targets = pick_targets(rows, key, managers, period)
        for rep in reps:
            value, before = values[(0, rep, key)], values[(1, rep, key)]
            target = targets.get(rep)
            lines.append(
                KpiLine(
                    rep,
                    definition,
                    period,
                    value,
                    before,
                    target,
                    attainment(value.value, target, definition.better),
                    trend(value.value, before.value, definition.better),
                    ranks[rep],
                    len(reps),
                )
            )
    order = {rep: i for i, rep in enumerate(reps)}
    lines.sort(key=lambda line: order[line.rep_id])
    return lines
