"""Turning a rule's approver spec into the people who will decide.

Resolution happens when the plan is built, against the directory snapshot
and the delegations in force at that moment. The quote owner is never an
approver of their own quote, not even as a delegate; when that leaves a
seat empty the step is flagged ``APPROVER_UNRESOLVED`` instead of silently
skipped, so the rep sees the gap before submitting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from approvals.directory import (
    Directory,
    UserFact,
    active_users_with_role,
    delegates_at,
    manager_up,
)
from approvals.plan import PlanApprover
from approvals.reasons import ReasonCode
from approvals.rules import ApproverSpec, ManagerApprover, RoleApprover, UserApprover


@dataclass(frozen=True, slots=True)
class Resolution:
    """The seats a spec resolved to, or the reason it could not be filled."""

    approvers: tuple[PlanApprover, ...]
    issues: tuple[ReasonCode, ...] = ()


def _candidates(
    spec: ApproverSpec, owner_id: str, users: Mapping[str, UserFact]
) -> tuple[str, ...]:
    """Active users the spec points at, owner excluded, sorted."""
    if isinstance(spec, RoleApprover):
        return tuple(uid for uid in active_users_with_role(users, spec.role) if uid != owner_id)
    if isinstance(spec, ManagerApprover):
        # A non-positive level is a misconfigured rule: no such manager.
        found = manager_up(users, owner_id, spec.levels_up) if spec.levels_up > 0 else None
    elif isinstance(spec, UserApprover):
        found = spec.user_id
    else:  # pragma: no cover - the union is closed; an unknown spec fills no seat
        return ()
    user = users.get(found) if found is not None else None
    if user is None or not user.active or user.user_id == owner_id:
        return ()
    return (user.user_id,)


def resolve_approvers(
    spec: ApproverSpec,
    owner_id: str,
    users: Mapping[str, UserFact],
    directory: Directory,
    now: datetime,
) -> Resolution:
    """Seats for ``spec`` on a quote owned by ``owner_id``, with delegates at ``now``.

    An approver who is out of office keeps their seat and is joined by their
    delegates, so a return from holiday does not strand the request and the
    plan records who delegated to whom.
    """
    found = _candidates(spec, owner_id, users)
    if not found:
        return Resolution((), (ReasonCode.APPROVER_UNRESOLVED,))
    excluded = frozenset({owner_id})
    return Resolution(
        tuple(
            PlanApprover(uid, delegates_at(directory, users, uid, now, excluded)) for uid in found
        )
    )
