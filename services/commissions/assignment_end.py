"""Ending an assignment: a rep changes plan, or leaves.

``endCommissionAssignment`` sets the last day a rep is on a plan. The next assignment
(a new role or territory from the day after) is an ``assignCommissionPlan`` of its own:
consecutive assignments are fine, overlapping ones are refused
(``OVERLAPPING_ASSIGNMENTS``). A rep whose latest assignment ends has left: the period
holding the last day closes with their final statement, and their plan's clawback window
decides which later returns still claw back. An assignment lies within its plan's dates.
Its draws follow its end (``draws.end_draws_with``): cut back when it ends earlier, and
extended with it when it ends later, if they ended on its old last day.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.actor import Actor
from db.models.commissions import CommissionAssignment, CommissionPlanVersion
from db.queries import commissions as queries
from services.commissions.calendar import load_closed
from services.commissions.draws import end_draws_with
from services.commissions.rep_plans import engine_assignment
from services.refusal import Code, refuse
from services.rows import audited_edit


def within_plan(proposed: engine.Assignment, versions: Sequence[CommissionPlanVersion]) -> None:
    """Refuse an assignment starting before its plan's first version or running past its last."""
    if not versions:
        return
    first = min(v.effective_from for v in versions)
    ends = [v.effective_to for v in versions]
    last = None if None in ends else max(e for e in ends if e is not None)
    if proposed.start < first:
        raise refuse(
            Code.INVALID,
            f"The plan is in force from {first.isoformat()}; start on or after it.",
            ("input", "start"),
        )
    if last is not None and (proposed.end is None or proposed.end > last):
        raise refuse(
            Code.INVALID,
            f"The plan ends on {last.isoformat()}; end the assignment by then.",
            ("input", "end"),
        )


@dataclass(frozen=True, slots=True)
class EndAssignment:
    assignment_id: int
    end: date


async def end_assignment(
    session: AsyncSession, actor: Actor, now: datetime, command: EndAssignment
) -> CommissionAssignment:
    """``endCommissionAssignment``: the assignment's last day becomes ``end`` (inclusive)."""
    async with audited_edit(
        session, actor, "endCommissionAssignment", CommissionAssignment, command.assignment_id
    ) as row:
        end = command.end
        if end < row.start_date:
            raise refuse(
                Code.INVALID,
                f"An assignment cannot end before it starts ({row.start_date.isoformat()}).",
                ("input", "end"),
            )
        closed = await load_closed(session)
        changed_from = min(end, row.end_date or end)
        if closed.ranges and changed_from < closed.ranges[-1][1]:
            raise refuse(
                Code.PERIOD_CLOSED,
                f"Periods up to {closed.ranges[-1][1].isoformat()} are closed; "
                "end the assignment after that day.",
                ("input", "end"),
            )
        proposed = dataclasses.replace(engine_assignment(row), end=end)
        within_plan(proposed, await queries.plan_versions_of(session, row.plan_id))
        others = [
            engine_assignment(a)
            for a in await queries.assignments_of_rep(session, row.rep_id)
            if a.id != row.id
        ]
        problems = engine.validate_assignments([*others, proposed])
        if problems:
            raise refuse(Code.OVERLAPPING_ASSIGNMENTS, problems[0].message, ("input", "end"))
        old_end, row.end_date = row.end_date, end
        await end_draws_with(session, actor, row, old_end)  # its draws end (or extend) with it
    return row
