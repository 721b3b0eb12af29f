"""Applying an approver's decision to a request.

``decide`` checks the decision against the derived state and either records
it (returning the new state and status) or refuses it with reason codes; it
never raises for a business outcome. Checks run in a fixed order and the
first failure is reported, so a refusal always has one clear cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from approvals.acting import may_fill, represented
from approvals.counter_offer import CounterOffer, counter_offer_issues
from approvals.directory import Directory
from approvals.envelope import ApprovedEnvelope, envelope_from
from approvals.plan import PlanApprover, PlanStep
from approvals.reasons import ReasonCode
from approvals.state import (
    Decision,
    DecisionKind,
    RecordedDecision,
    RequestState,
    RequestStatus,
    approved_seats,
    progress,
    step_complete,
)


@dataclass(frozen=True, slots=True)
class DecisionOutcome:
    """The result of one decision.

    When ``accepted`` is false, ``reasons`` say why and ``state`` is the
    input state unchanged. When accepted, ``recorded`` is the ledger entry,
    ``level_completed`` tells whether this decision finished its level,
    ``counter_offer`` echoes a proposal, and ``envelope`` is set once the
    request becomes APPROVED (store it for smart re-approval).
    """

    accepted: bool
    state: RequestState
    status: RequestStatus
    current_level: int | None
    reasons: tuple[ReasonCode, ...] = ()
    recorded: RecordedDecision | None = None
    level_completed: bool = False
    counter_offer: CounterOffer | None = None
    envelope: ApprovedEnvelope | None = None


def _seat_for(
    step: PlanStep, decision: Decision, done: frozenset[str], acting_for: frozenset[str]
) -> PlanApprover | None:
    """The seat the decision fills: named, own, else an undecided one the user stands in for."""
    acting = decision.approver_id
    if decision.on_behalf_of is not None:
        seat = step.seat_of(decision.on_behalf_of)
        return seat if seat is not None and may_fill(seat, acting, acting_for) else None
    own = step.seat_of(acting)
    if own is not None and acting in acting_for:
        return own
    delegated = [seat for seat in step.approvers if may_fill(seat, acting, acting_for)]
    open_seats = [seat for seat in delegated if seat.user_id not in done]
    candidates = open_seats or delegated
    return candidates[0] if candidates else None


def _refusal(
    step: PlanStep | None, seat: PlanApprover | None, state: RequestState, decision: Decision
) -> ReasonCode | None:
    """The first rule the decision breaks, given the request is pending."""
    current = progress(state).current_level
    if step is None:
        return ReasonCode.STEP_NOT_FOUND
    if seat is None:
        return ReasonCode.NOT_AN_APPROVER
    if current is not None and step.level > current:
        return ReasonCode.LEVEL_NOT_ACTIVE
    if (current is not None and step.level < current) or step_complete(step, state.decisions):
        return ReasonCode.STEP_ALREADY_DECIDED
    if seat.user_id in approved_seats(step, state.decisions):
        return ReasonCode.APPROVER_ALREADY_DECIDED
    if decision.kind is DecisionKind.REJECT and not decision.reason.strip():
        return ReasonCode.REASON_REQUIRED
    if decision.kind is DecisionKind.COUNTER_OFFER:
        issues = counter_offer_issues(decision.counter_offer, state.facts)
        return issues[0] if issues else None
    if decision.counter_offer is not None:
        return ReasonCode.COUNTER_OFFER_INVALID  # only a COUNTER_OFFER carries one
    return None


def decide(
    state: RequestState, decision: Decision, now: datetime, directory: Directory | None = None
) -> DecisionOutcome:
    """Apply ``decision`` at ``now`` to ``state``.

    The approver may decide for their own seat, a seat the step escalated to
    them, or the seat of someone whose delegation to them is in force at
    ``now`` in ``directory`` (none without a directory): delegation counts
    when the delegate acts, not when the plan was built.
    Levels run in order; within the active level steps run in parallel.
    ANY: one approval completes a step. ALL: every seat must approve. Any
    rejection rejects the whole request and needs a reason; a counter-offer
    closes it as COUNTERED with the proposal recorded.
    """
    before = progress(state)
    if before.status is not RequestStatus.PENDING:
        return DecisionOutcome(False, state, before.status, None, (ReasonCode.REQUEST_NOT_PENDING,))
    step = state.plan.step(decision.step_id)
    seat = None
    if step is not None:
        acting_for = represented(
            directory or Directory(), decision.approver_id, now, state.facts.owner_id
        )
        seat = _seat_for(step, decision, approved_seats(step, state.decisions), acting_for)
    refusal = _refusal(step, seat, state, decision)
    if refusal is not None or step is None or seat is None:
        code = refusal or ReasonCode.NOT_AN_APPROVER
        return DecisionOutcome(False, state, before.status, before.current_level, (code,))
    record = RecordedDecision(
        decision=decision,
        seat_user_id=seat.user_id,
        delegated=decision.approver_id != seat.user_id,
        level=step.level,
        decided_at=now,
    )
    after_state = RequestState(
        state.plan, state.facts, state.submitted_at, (*state.decisions, record)
    )
    after = progress(after_state)
    envelope = None
    if after.status is RequestStatus.APPROVED:
        envelope = envelope_from(state.facts, state.plan, now)
    return DecisionOutcome(
        accepted=True,
        state=after_state,
        status=after.status,
        current_level=after.current_level,
        recorded=record,
        level_completed=step.level in after.completed_levels,
        counter_offer=decision.counter_offer,
        envelope=envelope,
    )
