"""Who may act for a seat *now*: the one rule for deciding, reading and listing.

A plan names each seat's approver when the quote is submitted; whether a
delegate may stand in is decided at the moment they act, against the
delegations in force then. So a delegation that ended stops a delegate at
once, and one set after submission applies to requests already open. The
same rule answers "may this user decide?" (``decide``), "which steps await
this user?" (the inbox, ``myTurn``) and "may this user see this request?".

Escalation is different: a step moved up its SLA names the managers on the
seat (``PlanApprover.escalated_to``) and they keep that right.
"""

from __future__ import annotations

from datetime import datetime

from approvals.directory import Directory, delegates_at, index_users
from approvals.plan import PlanApprover
from approvals.state import (
    DecisionKind,
    Progress,
    RequestState,
    RequestStatus,
    approved_seats,
    progress,
)


def represented(
    directory: Directory, user_id: str, now: datetime, owner_id: str | None = None
) -> frozenset[str]:
    """Users whose seats ``user_id`` may fill at ``now``: their own, and each
    delegator whose delegation to them is in force.

    The delegation test is the one plan building uses (``delegates_at``):
    half-open window, one hop, an inactive delegate never stands in. The
    quote owner (``owner_id``) represents nobody: nobody approves their own
    quote, not even for somebody else.
    """
    if user_id == owner_id:
        return frozenset()
    users = index_users(directory)
    excluded = frozenset({owner_id}) if owner_id is not None else frozenset()
    delegators = {d.user_id for d in directory.delegations if d.delegate_id == user_id}
    return frozenset({user_id}) | frozenset(
        delegator
        for delegator in delegators
        if user_id in delegates_at(directory, users, delegator, now, excluded)
    )


def may_fill(seat: PlanApprover, user_id: str, acting_for: frozenset[str]) -> bool:
    """Whether ``user_id``, representing ``acting_for``, may decide for ``seat``.

    ``acting_for`` is empty only for the quote owner, who fills no seat, not
    even one escalated to them.
    """
    return seat.user_id in acting_for or (bool(acting_for) and user_id in seat.escalated_to)


def standing_in(
    directory: Directory, seat_user_id: str, now: datetime, owner_id: str | None = None
) -> tuple[str, ...]:
    """Delegates who may act for ``seat_user_id`` at ``now``, sorted (what a phone shows)."""
    excluded = frozenset({owner_id}) if owner_id is not None else frozenset()
    return delegates_at(directory, index_users(directory), seat_user_id, now, excluded)


def awaiting(
    state: RequestState, user_id: str, directory: Directory, now: datetime
) -> tuple[str, ...]:
    """Ids of the active level's steps with an undecided seat ``user_id`` may fill at ``now``.

    Empty unless the request is pending. This is "my turn" and the steps an
    approval without a named step decides.
    """
    where = progress(state)
    if where.status is not RequestStatus.PENDING:
        return ()
    return _awaiting_at(state, where, user_id, represented(directory, user_id, now))


def awaiting_as(state: RequestState, user_id: str, acting_for: frozenset[str]) -> tuple[str, ...]:
    """:func:`awaiting` for a user who represents ``acting_for`` (``represented`` without an
    owner, at the moment judged): a list of requests judges it once for all of them.

    The quote owner represents nobody on their own request; for anyone else, leaving the
    owner out of the delegates (as ``represented`` with ``owner_id`` does) cannot change
    whether the user stands in, so ``acting_for`` holds for every request.
    """
    where = progress(state)
    if where.status is not RequestStatus.PENDING:
        return ()
    return _awaiting_at(state, where, user_id, acting_for)


def _awaiting_at(
    state: RequestState, where: Progress, user_id: str, acting_for: frozenset[str]
) -> tuple[str, ...]:
    if user_id == state.facts.owner_id:
        acting_for = frozenset()
    found = []
    for step in state.plan.steps:
        if step.level != where.current_level:
            continue
        done = approved_seats(step, state.decisions)
        if any(
            seat.user_id not in done and may_fill(seat, user_id, acting_for)
            for seat in step.approvers
        ):
            found.append(step.step_id)
    return tuple(found)


def steps_to_decide(
    state: RequestState,
    user_id: str,
    directory: Directory,
    now: datetime,
    kind: DecisionKind,
    step_id: str | None = None,
) -> tuple[str, ...]:
    """The steps one decision of ``kind`` by ``user_id`` at ``now`` is about.

    A named ``step_id`` is that step. Without one, an approval covers every step
    :func:`awaiting` the user, a rejection or a counter-offer the first of them.
    When none awaits the user, one step of the active level, so that ``decide``
    says why the user may not decide it. Never empty for a plan with steps.
    """
    if step_id:
        return (step_id,)
    mine = awaiting(state, user_id, directory, now)
    if not mine:
        level = progress(state).current_level
        return (
            next(
                (s.step_id for s in state.plan.steps if s.level == level),
                state.plan.steps[0].step_id,
            ),
        )
    return mine if kind is DecisionKind.APPROVE else mine[:1]


def may_see(
    seat_user_ids: frozenset[str], user_id: str, directory: Directory, now: datetime
) -> bool:
    """Whether ``user_id`` is, at ``now``, one of ``seat_user_ids`` or stands in for one.

    ``seat_user_ids`` are a request's seats and escalation targets (what the
    request row lists); an approver reads the request only while they may act on it.
    """
    return bool(represented(directory, user_id, now) & seat_user_ids)


def awaited_by(
    state: RequestState, directory: Directory, now: datetime
) -> tuple[tuple[str, str], ...]:
    """``(step_id, user_id)`` for everyone who may decide a step of the active level at
    ``now``: each undecided seat's approver, the managers it was escalated to, and whoever
    stands in for the seat then. Sorted, without duplicates; never the quote owner.

    This is who is told that a request awaits them (an email, say); each pair passes
    :func:`awaiting` for its user.
    """
    where = progress(state)
    if where.status is not RequestStatus.PENDING:
        return ()
    owner = state.facts.owner_id
    users = index_users(directory)
    found: set[tuple[str, str]] = set()
    for step in state.plan.steps:
        if step.level != where.current_level:
            continue
        done = approved_seats(step, state.decisions)
        for seat in step.approvers:
            if seat.user_id in done:
                continue
            people = {
                seat.user_id,
                *seat.escalated_to,
                *standing_in(directory, seat.user_id, now, owner),
            }
            found |= {
                (step.step_id, user)
                for user in people
                if user != owner and (user not in users or users[user].active)
            }
    return tuple(sorted(found))
