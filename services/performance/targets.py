"""KPI targets: per rep, per manager's team, or for everyone; per period or standing.

The most specific target wins: the rep's over the team's over everyone's, and
one for the period over a standing one. OPS sets any target; a manager sets
their team's and their reps'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.performance_activities import KpiTarget
from db.models.users import Role
from db.queries import metric_definitions as stored
from gamification.calendar import Grain, Period
from services.performance.context import load_definitions, load_settings
from services.refusal import Code, refuse


@dataclass(frozen=True, slots=True)
class TargetInput:
    metric: str
    grain: Grain
    target: Decimal
    rep_id: int | None = None
    team_manager_id: int | None = None
    period_start: date | None = None  # any day in the period; None: standing


def _may_set(actor: Actor, command: TargetInput) -> bool:
    if actor.has_any(Role.OPS):
        return True
    if not actor.is_manager:
        return False
    if command.rep_id is not None:
        return command.rep_id in actor.team_ids
    return command.team_manager_id == actor.user_id


async def set_kpi_target(
    session: AsyncSession, actor: Actor, now: datetime, command: TargetInput
) -> KpiTarget:
    """Set (or replace) the target of exactly this scope."""
    if not _may_set(actor, command):
        raise refuse(Code.FORBIDDEN, "You may not set this target.", ("input",))
    if command.rep_id is not None and command.team_manager_id is not None:
        raise refuse(
            Code.INVALID, "A target is for a rep or a team, not both.", ("input", "teamManagerId")
        )
    if command.metric not in await load_definitions(session):
        raise refuse(Code.NOT_FOUND, f"No metric {command.metric}.", ("input", "metric"))
    if not command.target.is_finite() or command.target < 0:
        raise refuse(Code.INVALID, "A target cannot be negative.", ("input", "target"))
    start = command.period_start
    if start is not None:
        start = (await load_settings(session)).calendar.period_of(start, command.grain).start
    scope = {
        "metric": command.metric,
        "rep_id": command.rep_id,
        "team_manager_id": command.team_manager_id,
        "grain": command.grain.value,
        "period_start": start,
    }
    row = await stored.target_row(session, **scope)
    if row is None:
        row = KpiTarget(**scope, target=command.target)
        session.add(row)
    else:
        row.target = command.target
    await session.flush()
    return row


@dataclass(frozen=True, slots=True)
class TargetRow:
    """A stored target as the reads pick it (``rep_id`` and ``team_manager_id`` both None:
    everyone's; ``period_start`` None: standing)."""

    metric: str
    rep_id: int | None
    team_manager_id: int | None
    grain: str
    period_start: date | None
    target: Decimal


def _rank(row: TargetRow, rep_id: int, manager_id: int | None, period: Period) -> int | None:
    """How specific ``row`` is for the rep and period (lower wins), or None if it does not apply."""
    if row.period_start is not None and row.period_start != period.start:
        return None
    standing = 1 if row.period_start is None else 0
    if row.rep_id is not None:
        return standing if row.rep_id == rep_id else None
    if row.team_manager_id is not None:
        return 2 + standing if row.team_manager_id == manager_id else None
    return 4 + standing


def pick_targets(
    rows: Sequence[TargetRow], metric: str, managers: dict[int, int | None], period: Period
) -> dict[int, Decimal]:
    """Each rep's target for ``metric`` in ``period`` (reps with none are left out)."""
    picked: dict[int, Decimal] = {}
    for rep, manager in managers.items():
        ranked = [
            (rank, row.target)
            for row in rows
            if row.metric == metric and (rank := _rank(row, rep, manager, period)) is not None
        ]
        if ranked:
            picked[rep] = min(ranked)[1]
    return picked
