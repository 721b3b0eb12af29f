"""Queries about reps who change plans or leave: the start of each rep's latest assignment."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.commissions import CommissionAssignment, CommissionCredit, CommissionPlan
from db.queries.batches import totals_by_key


async def latest_starts(session: AsyncSession, rep_ids: Iterable[int]) -> dict[int, date]:
    """The start of each rep's latest assignment (a rep whose latest one ended has left)."""
    latest = func.max(CommissionAssignment.start_date)
    return await totals_by_key(session, CommissionAssignment.rep_id, latest, rep_ids)


async def latest_assignments(
    session: AsyncSession, rep_ids: Iterable[int]
) -> dict[int, tuple[CommissionAssignment, int | None]]:
    """Each rep's latest assignment (by start) with its plan's clawback window, in one query."""
    wanted = set(rep_ids)
    if not wanted:
        return {}
    stmt = (
        select(CommissionAssignment, CommissionPlan.clawback_window_days)
        .join(CommissionPlan, CommissionPlan.id == CommissionAssignment.plan_id)
        .where(CommissionAssignment.rep_id.in_(wanted))
        .order_by(CommissionAssignment.start_date)
    )
    # a rep's assignments never overlap, so there are few: the latest start comes last
    return {row.rep_id: (row, days) for row, days in (await session.execute(stmt)).all()}


async def reps_with_clawbacks_in(
    session: AsyncSession, start: date, end: date, excluded: Iterable[int]
) -> set[int]:
    """Reps other than ``excluded`` with a clawback dated in ``[start, end]`` (leavers whose
    returns came after their last period)."""
    stmt = (
        select(CommissionCredit.rep_id)
        .where(
            CommissionCredit.credit_date.between(start, end),
            CommissionCredit.reverses_id.is_not(None),
            CommissionCredit.rep_id.not_in(set(excluded)),
        )
        .distinct()
    )
    return set((await session.scalars(stmt)).all())
