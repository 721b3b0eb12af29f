"""Escalation: which pending steps are past their level's SLA, and to whom.

The clock is an argument. A level's SLA runs from the moment the level
became active (submission for the first level, the completing decision for
the next ones), so time spent waiting on an earlier level never counts
against a later one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from approvals.directory import Directory, index_users
from approvals.plan import ApprovalPlan, PlanApprover
from approvals.reasons import ReasonCode
from approvals.state import RequestState, RequestStatus, approved_seats, progress, step_complete


@dataclass(frozen=True, slots=True)
class Sla:
    """How long a level may stay pending, and whether to escalate up a level.

    With ``escalate_up`` the escalation names each pending approver's
    manager (the next approver up the hierarchy).
    """

    duration: timedelta
    escalate_up: bool = False


@dataclass(frozen=True, slots=True)
class Escalation:
    """A step pending past its SLA.

    ``escalate_to`` lists the active managers of the pending approvers
    (only when escalation up is configured); ``reasons`` holds
    ``ESCALATION_TARGET_UNRESOLVED`` when a pending approver has none.
    """

    level: int
    step_id: str
    pending_approvers: tuple[str, ...]
    pending_since: datetime
    due_at: datetime
    overdue_by: timedelta
    escalate_to: tuple[str, ...] = ()
    reasons: tuple[ReasonCode, ...] = ()


def _managers(
    pending: tuple[str, ...], directory: Directory | None, owner_id: str
) -> tuple[tuple[str, ...], tuple[ReasonCode, ...]]:
    """Active managers of ``pending`` (never the quote owner), and any gap."""
    users = index_users(directory) if directory is not None else {}
    found: set[str] = set()
    missing = not pending
    for uid in pending:
        user = users.get(uid)
        boss = users.get(user.manager_id) if user and user.manager_id else None
        if boss is None or not boss.active or boss.user_id == owner_id:
            missing = True
        else:
            found.add(boss.user_id)
    reasons = (ReasonCode.ESCALATION_TARGET_UNRESOLVED,) if missing else ()
    return tuple(sorted(found)), reasons


def escalations(
    state: RequestState,
    sla_by_level: Mapping[int, Sla],
    now: datetime,
    directory: Directory | None = None,
) -> tuple[Escalation, ...]:
    """Steps of the active level pending past their SLA at ``now``.

    Only a PENDING request escalates, and only its active level (later
    levels have not started). A level without an SLA never escalates. The
    ``directory`` is needed only to name managers for ``escalate_up``.
    """
    where = progress(state)
    if where.status is not RequestStatus.PENDING or where.level_started_at is None:
        return ()
    sla = sla_by_level.get(where.current_level) if where.current_level is not None else None
    if sla is None:
        return ()
    due = where.level_started_at + sla.duration
    if now <= due:
        return ()
    found = []
    for step in state.plan.steps:
        if step.level != where.current_level or step_complete(step, state.decisions):
            continue
        done = approved_seats(step, state.decisions)
        pending = tuple(seat.user_id for seat in step.approvers if seat.user_id not in done)
        targets: tuple[str, ...] = ()
        reasons: tuple[ReasonCode, ...] = ()
        if sla.escalate_up:
            targets, reasons = _managers(pending, directory, state.facts.owner_id)
        found.append(
            Escalation(
                level=step.level,
                step_id=step.step_id,
                pending_approvers=pending,
                pending_since=where.level_started_at,
                due_at=due,
                overdue_by=now - due,
                escalate_to=targets,
                reasons=reasons,
            )
        )
    return tuple(found)


def with_escalation(plan: ApprovalPlan, escalation: Escalation) -> ApprovalPlan:
    """The plan with the escalation's targets added to the pending seats of its step
    (``escalated_to``: unlike a delegation, escalation does not expire)."""

    def seat(approver: PlanApprover) -> PlanApprover:
        if approver.user_id not in escalation.pending_approvers:
            return approver
        extra = tuple(
            t
            for t in escalation.escalate_to
            if t not in approver.escalated_to and t != approver.user_id
        )
        return replace(approver, escalated_to=approver.escalated_to + extra)

    return replace(
        plan,
        levels=tuple(
            replace(
                level,
                steps=tuple(
                    replace(step, approvers=tuple(seat(a) for a in step.approvers))
                    if step.step_id == escalation.step_id
                    else step
                    for step in level.steps
                ),
            )
            for level in plan.levels
        ),
    )
