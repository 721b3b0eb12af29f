"""One approver's decision on a request: exactly once, append-only, and told to everyone.

The request row is locked, so two approvers deciding at once are serialised:
the second sees the first's decision and is refused (and a unique constraint
on the decision ledger backs that up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
import quotes as rules
from db.actor import Actor
from db.codec.approvals import encode_object
from db.models.approvals import ApprovalDecision, ApprovalRequest, ApprovalRequestStatus
from db.models.quotes import Quote
from db.queries.approvals import acting_directory_for
from services.approvals.quote_calls import transition
from services.approvals.requests import announce, close, lock_request, request_state
from services.audit import record_change
from services.refusal import Code, refuse

REFUSALS = {
    engine.ReasonCode.NOT_AN_APPROVER: (Code.FORBIDDEN, "You are not an approver of this step."),
    engine.ReasonCode.STEP_ALREADY_DECIDED: (
        Code.ALREADY_DECIDED,
        "This step has already been decided.",
    ),
    engine.ReasonCode.APPROVER_ALREADY_DECIDED: (
        Code.ALREADY_DECIDED,
        "You have already decided this step.",
    ),
    engine.ReasonCode.LEVEL_NOT_ACTIVE: (Code.INVALID_STATE, "An earlier level must decide first."),
    engine.ReasonCode.REQUEST_NOT_PENDING: (
        Code.INVALID_STATE,
        "This request is no longer pending.",
    ),
    engine.ReasonCode.REASON_REQUIRED: (Code.REQUIRED, "Give a reason for the rejection."),
    engine.ReasonCode.COUNTER_OFFER_INVALID: (
        Code.INVALID,
        "The counter-offer is not valid for this quote.",
    ),
    engine.ReasonCode.STEP_NOT_FOUND: (Code.NOT_FOUND, "No such step in this request."),
}


@dataclass(frozen=True, slots=True)
class DecideCommand:
    """One decision: ``step_id`` ``None`` decides the steps awaiting the actor
    (``approvals.steps_to_decide``)."""

    request_id: int
    kind: engine.DecisionKind
    step_id: str | None = None
    reason: str = ""
    counter_offer: engine.CounterOffer | None = None


async def decide_request(
    session: AsyncSession, actor: Actor, now: datetime, command: DecideCommand
) -> ApprovalRequest:
    """Record the actor's decision (for themselves or a seat they stand in for at ``now``)."""
    request = await lock_request(session, command.request_id)
    quote = await session.get(Quote, request.quote_id, with_for_update=True)
    assert quote is not None
    state = await request_state(session, request)
    me = str(actor.user_id)
    # Delegation is judged now, when the delegate acts, not when the plan was built.
    people = await acting_directory_for(session, actor.user_id)
    kind, reason, offer = command.kind, command.reason, command.counter_offer
    for step in engine.steps_to_decide(state, me, people, now, kind, command.step_id):
        decision = engine.Decision(
            approver_id=me, kind=kind, step_id=step, reason=reason, counter_offer=offer
        )
        outcome = engine.decide(state, decision, now, people)
        if not outcome.accepted:
            code, message = REFUSALS.get(
                outcome.reasons[0], (Code.INVALID, outcome.reasons[0].value)
            )
            raise refuse(code, message, ("input", "id"))
        assert outcome.recorded is not None
        session.add(
            ApprovalDecision(
                request_id=request.id,
                step_id=step,
                level=outcome.recorded.level,
                kind=kind.value,
                decided_by=actor.user_id,
                seat_user_id=int(outcome.recorded.seat_user_id),
                delegated=outcome.recorded.delegated,
                reason=reason or None,
                counter_offer=encode_object(offer) if offer else None,
                seen=request.facts,
                recorded=encode_object(outcome.recorded),
                decided_at=outcome.recorded.decided_at,
            )
        )
        state = outcome.state
    if outcome.status is engine.RequestStatus.APPROVED:
        close(request, ApprovalRequestStatus.APPROVED, now)
        request.envelope = encode_object(outcome.envelope) if outcome.envelope else None
        await transition(session, actor, now, quote, rules.Action.APPROVE, message=reason or None)
    elif outcome.status is engine.RequestStatus.REJECTED:
        close(request, ApprovalRequestStatus.REJECTED, now)
        request.reason = reason
        await transition(session, actor, now, quote, rules.Action.REJECT_APPROVAL, message=reason)
    elif outcome.status is engine.RequestStatus.COUNTERED:
        request.status = ApprovalRequestStatus.COUNTERED
        request.counter_offer = encode_object(offer) if offer else None
    await announce(session, request, now)
    await record_change(session, actor, f"approval.{kind.value.lower()}", request)
    return request
