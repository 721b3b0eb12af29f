"""Stored metric definition versions and KPI targets, and everything a KPI read needs
before it sums rollups, in one statement (``kpi_reading``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import (
    ARRAY,
    JSON,
    Boolean,
    Integer,
    Row,
    String,
    bindparam,
    func,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.performance_activities import KpiTarget, MetricDefinitionRow


async def current_definition_rows(session: AsyncSession) -> Sequence[MetricDefinitionRow]:
    """The current stored version of each metric that has one."""
    statement = select(MetricDefinitionRow).where(MetricDefinitionRow.current)
    return (await session.scalars(statement.order_by(MetricDefinitionRow.key))).all()


async def definition_versions(session: AsyncSession, key: str) -> Sequence[MetricDefinitionRow]:
    """Every stored version of ``key``, oldest first."""
    statement = select(MetricDefinitionRow).where(MetricDefinitionRow.key == key)
    return (await session.scalars(statement.order_by(MetricDefinitionRow.version))).all()


async def latest_version(session: AsyncSession, key: str) -> int | None:
    statement = select(func.max(MetricDefinitionRow.version)).where(MetricDefinitionRow.key == key)
    return await session.scalar(statement)


async def make_current(session: AsyncSession, key: str, version: int) -> None:
    """Version ``version`` of ``key`` becomes the one reads use (the old one stops being)."""
    table = MetricDefinitionRow
    await session.execute(update(table).where(table.key == key).values(current=False))
    await session.flush()
    await session.execute(
        update(table).where(table.key == key, table.version == version).values(current=True)
    )


async def target_row(session: AsyncSession, **scope: Any) -> KpiTarget | None:
    """The target with exactly this scope (metric, rep, team, grain, period start)."""
    statement = select(KpiTarget).filter_by(**scope)
    return await session.scalar(statement)


def new_definition_row(
    key: str, version: int, data: dict[str, Any], by: int
) -> MetricDefinitionRow:
    """A stored version, not yet current."""
    return MetricDefinitionRow(
        key=key, version=version, definition=data, current=False, created_by=by
    )


KPI_READING = (
    text(
        """
    SELECT
      (SELECT coalesce(json_agg(d.definition ORDER BY d.key), '[]')
       FROM metric_definitions d WHERE d.current) AS definitions,
      (SELECT c.first_month FROM commission_calendar c WHERE c.id = 1) AS first_month,
      (SELECT c.named_by_end_year FROM commission_calendar c WHERE c.id = 1)
        AS named_by_end_year,
      (SELECT s.week_start FROM performance_settings s WHERE s.id = 1) AS week_start,
      (SELECT coalesce(json_agg(json_build_array(u.id, u.time_zone, u.manager_id)), '[]')
       FROM users u WHERE u.id = ANY(:people)) AS people,
      (SELECT coalesce(json_agg(json_build_array(
                t.metric, t.rep_id, t.team_manager_id, t.grain, t.period_start, t.target::text)),
              '[]')
       FROM kpi_targets t
       WHERE (CAST(:metrics AS varchar[]) IS NULL OR t.metric = ANY(:metrics))
         AND (CAST(:grain AS varchar) IS NULL OR t.grain = :grain)) AS targets
    """
    )
    .bindparams(
        bindparam("people", type_=ARRAY(Integer)),
        bindparam("metrics", type_=ARRAY(String)),
        bindparam("grain", type_=String),
    )
    .columns(
        definitions=JSON,
        first_month=Integer,
        named_by_end_year=Boolean,
        week_start=Integer,
        people=JSON,
        targets=JSON,
    )
)


async def kpi_reading(
    session: AsyncSession,
    people: Collection[int],
    metrics: Collection[str] | None,
    grain: str | None,
) -> Row[Any]:
    """In one statement: the current stored definitions (JSON), the fiscal first month and
    the week start (null when unset), ``[id, time zone, manager]`` of each of ``people``, and
    ``[metric, rep, team manager, grain, period start, target]`` of each target of
    ``metrics`` at ``grain`` (``None``: any)."""
    params = {
        "people": list(people),
        "metrics": None if metrics is None else list(metrics),
        "grain": grain,
    }
    return (await session.execute(KPI_READING, params)).one()
