"""An approval request's state, and where it stands after its decisions.

The stored state is the plan, the facts it was built from, when it was
submitted, and the append-only list of accepted decisions. Everything else
(status, current level, when that level started) is *derived* by replaying
the decisions, so the ledger is the single source of truth and a status can
never disagree with the decisions behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum, unique

from approvals.counter_offer import CounterOffer
from approvals.facts import QuoteFacts
from approvals.plan import ApprovalPlan, PlanLevel, PlanStep
from approvals.rules import ApprovalMode


@unique
class DecisionKind(StrEnum):
    """What an approver can say about a step."""

    APPROVE = "APPROVE"
    REJECT = "REJECT"
    COUNTER_OFFER = "COUNTER_OFFER"


@unique
class RequestStatus(StrEnum):
    """Where a request stands; only PENDING accepts decisions."""

    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    COUNTERED = "COUNTERED"


@dataclass(frozen=True, slots=True)
class Decision:
    """An approver's decision on one step.

    ``on_behalf_of`` picks the seat when the user could act for several
    (their own and a colleague's they are a delegate for); when omitted the
    user's own seat is used first.
    """

    approver_id: str
    kind: DecisionKind
    step_id: str
    reason: str = ""
    counter_offer: CounterOffer | None = None
    on_behalf_of: str | None = None


@dataclass(frozen=True, slots=True)
class RecordedDecision:
    """An accepted decision as the ledger keeps it.

    ``seat_user_id`` is the planned approver whose seat it fills; when a
    delegate acted, ``delegated`` is true and ``decision.approver_id`` says who.
    """

    decision: Decision
    seat_user_id: str
    delegated: bool
    level: int
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class RequestState:
    """A submitted request: its plan, its facts and its decisions so far."""

    plan: ApprovalPlan
    facts: QuoteFacts
    submitted_at: datetime
    decisions: tuple[RecordedDecision, ...] = ()


@dataclass(frozen=True, slots=True)
class Progress:
    """The derived position of a request.

    ``current_level`` and ``level_started_at`` are set while PENDING;
    ``closed_at`` once the request is APPROVED, REJECTED or COUNTERED.
    """

    status: RequestStatus
    current_level: int | None
    completed_levels: tuple[int, ...]
    level_started_at: datetime | None
    closed_at: datetime | None = None


def approved_seats(step: PlanStep, decisions: tuple[RecordedDecision, ...]) -> frozenset[str]:
    """Seats of ``step`` that have approved."""
    return frozenset(
        d.seat_user_id
        for d in decisions
        if d.decision.step_id == step.step_id and d.decision.kind is DecisionKind.APPROVE
    )


def step_complete(step: PlanStep, decisions: tuple[RecordedDecision, ...]) -> bool:
    """ANY: one seat approved. ALL: every seat approved. No seats: never."""
    if not step.approvers:
        return False
    done = approved_seats(step, decisions)
    if step.mode is ApprovalMode.ANY:
        return bool(done)
    return all(seat.user_id in done for seat in step.approvers)


def _level_complete(level: PlanLevel, decisions: tuple[RecordedDecision, ...]) -> bool:
    return all(step_complete(step, decisions) for step in level.steps)


def progress(state: RequestState) -> Progress:
    """Replay the decisions to find the status and the active level.

    A level completes when all its steps do; the next level starts at the
    moment of the decision that completed the previous one. The first
    rejection or counter-offer closes the request.
    """
    levels = state.plan.levels
    if not levels:
        return Progress(RequestStatus.APPROVED, None, (), None, state.submitted_at)
    index, started = 0, state.submitted_at
    for seen, record in enumerate(state.decisions, start=1):
        kind = record.decision.kind
        done = tuple(level.level for level in levels[:index])
        if kind is DecisionKind.REJECT:
            return Progress(RequestStatus.REJECTED, None, done, None, record.decided_at)
        if kind is DecisionKind.COUNTER_OFFER:
            return Progress(RequestStatus.COUNTERED, None, done, None, record.decided_at)
        so_far = state.decisions[:seen]
        while index < len(levels) and _level_complete(levels[index], so_far):
            index, started = index + 1, record.decided_at
        if index == len(levels):
            done = tuple(level.level for level in levels)
            return Progress(RequestStatus.APPROVED, None, done, None, record.decided_at)
    done = tuple(level.level for level in levels[:index])
    return Progress(RequestStatus.PENDING, levels[index].level, done, started)
