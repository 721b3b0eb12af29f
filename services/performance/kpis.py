"""KPIs for a rep, a team or a list of reps: value, target, trend, team rank, explanation.

Values come from day rollups summed over the period (one statement for every
rep, metric and both periods), never from scanning activities. A rep with no
activity gets zero, never a missing row. ``metric_values`` is the narrow read
contests and badges use.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.queries import users as user_queries
from db.queries.rollups import period_sums
from gamification.calendar import Grain, Period, local_day
from gamification.metrics import MetricDefinition
from gamification.values import KpiValue, Summary, Trend, attainment, team_ranks, trend, value_of
from services.performance.context import Definitions, load_definitions, load_settings, load_zones
from services.performance.targets import load_targets, pick_targets
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


async def compute_values(
    session: AsyncSession,
    definitions: Definitions,
    keys: Collection[str],
    rep_ids: Sequence[int],
    periods: Sequence[Period],
) -> Values:
    """The value of every metric of ``keys`` for every rep and period."""
    versions = [(d.key, d.version) for d in needed(keys, definitions) if not d.is_ratio]
    spans = [(p.start, p.end) for p in periods]
    summaries: dict[tuple[int, int], dict[str, Summary]] = {}
    for n, metric, rep, count, total, distinct in await period_sums(
        session, versions, spans, rep_ids
    ):
        by_metric = summaries.setdefault((n, rep), {})
        was = by_metric.get(metric, Summary())
        by_metric[metric] = Summary(was.count + count, was.total + total, was.distinct + distinct)
    return {
        (n, rep, key): value_of(definitions[key], summaries.get((n, rep), {}), definitions)
        for n in range(len(periods))
        for rep in rep_ids
        for key in keys
    }


async def metric_values(
    session: AsyncSession, metric_key: str, rep_ids: Sequence[int], period: Period
) -> dict[int, KpiValue]:
    """Each rep's value of ``metric_key`` (current version) over ``period``."""
    definitions = await load_definitions(session)
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


async def _reps(session: AsyncSession, actor: Actor, selection: KpiSelection) -> list[int]:
    if selection.team_of is not None:
        if selection.team_of != actor.user_id and not actor.sees_all_sales_records():
            raise refuse(Code.NOT_FOUND, "No team you may see.", ("team",))
        return sorted(await user_queries.team_member_ids(session, selection.team_of))
    reps = list(dict.fromkeys(selection.rep_ids)) or [actor.user_id]
    for i, rep in enumerate(reps):
        if not actor.may_see_owner(rep):
            raise refuse(Code.NOT_FOUND, "No rep you may see.", ("reps", str(i)))
    return reps


async def kpis(
    session: AsyncSession, actor: Actor, now: datetime, selection: KpiSelection
) -> list[KpiLine]:
    """The KPI lines, rep by rep in the order asked, metric by metric."""
    definitions = await load_definitions(session)
    keys = list(dict.fromkeys(selection.metric_keys)) or list(definitions)
    for i, key in enumerate(keys):
        if key not in definitions:
            raise refuse(Code.NOT_FOUND, f"No metric {key}.", ("metrics", str(i)))
    reps = await _reps(session, actor, selection)
    calendar = (await load_settings(session)).calendar
    zone = (await load_zones(session, [actor.user_id])).get(actor.user_id)
    day = selection.on or (local_day(now, zone) if zone else now.date())
    period = calendar.period_of(day, selection.grain)
    values = await compute_values(
        session, definitions, keys, reps, [period, calendar.previous(period)]
    )
    rows, managers = await load_targets(session, keys, selection.grain, reps)
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
