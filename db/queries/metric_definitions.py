"""Stored metric definition versions and KPI targets."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.performance_activities import KpiTarget, MetricDefinitionRow
from db.models.users import User


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


async def target_rows(
    session: AsyncSession, metrics: Collection[str], grain: str
) -> Sequence[KpiTarget]:
    """Every target of ``metrics`` at ``grain`` (any scope, any period): the caller picks."""
    statement = select(KpiTarget).where(
        KpiTarget.metric.in_(list(metrics) or [""]), KpiTarget.grain == grain
    )
    return (await session.scalars(statement)).all()


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


async def managers_of(session: AsyncSession, rep_ids: Collection[int]) -> dict[int, int | None]:
    """Each rep's manager (for team targets)."""
    rows = await session.execute(select(User.id, User.manager_id).where(User.id.in_(list(rep_ids))))
    return {rep: manager for rep, manager in rows}
