"""One approver's decision on a request: exactly once, append-only, and told to everyone.

The request row is locked, so two approvers deciding at once are serialised:
the second sees the first's decision and is refused (and a unique constraint
on the decision ledger backs that up).
"""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
import quotes as rules
from db.codec.approvals import encode
from db.models.approvals import ApprovalDecision, ApprovalRequest, ApprovalRequestStatus
from db.models.quotes import Quote
from db.queries.approvals import acting_directory_for
from resolvers.approvals.requests import announce, now_utc, request_for_update, request_state
from resolvers.audit import audit_change
from resolvers.mutation import reject
from services.quotes.transitions import apply_transition
from schema.errors import ErrorCode
from schema.permissions import require_viewer, viewer_of

ERRORS = {
    engine.ReasonCode.NOT_AN_APPROVER: (ErrorCode.FORBIDDEN, "You are not an approver of this step."),
    engine.ReasonCode.STEP_ALREADY_DECIDED: (ErrorCode.ALREADY_DECIDED, "This step has already been decided."),
    engine.ReasonCode.APPROVER_ALREADY_DECIDED: (ErrorCode.ALREADY_DECIDED, "You have already decided this step."),
    engine.ReasonCode.LEVEL_NOT_ACTIVE: (ErrorCode.INVALID_STATE, "An earlier level must decide first."),
    engine.ReasonCode.REQUEST_NOT_PENDING: (ErrorCode.INVALID_STATE, "This request is no longer pending."),
    engine.ReasonCode.REASON_REQUIRED: (ErrorCode.REQUIRED, "Give a reason for the rejection."),
    engine.ReasonCode.COUNTER_OFFER_INVALID: (ErrorCode.INVALID, "The counter-offer is not valid for this quote."),
    engine.ReasonCode.STEP_NOT_FOUND: (ErrorCode.NOT_FOUND, "No such step in this request."),
}


def _my_steps(state: engine.RequestState, user_id: str, directory: engine.Directory, now: datetime) -> list[str]:
    """Steps awaiting this user now (``approvals.awaiting``); when none, one step of the
    active level, so the engine says why the user may not decide it."""
    mine = list(engine.awaiting(state, user_id, directory, now))
    level = engine.progress(state).current_level
    return mine or [next((s.step_id for s in state.plan.steps if s.level == level), state.plan.steps[0].step_id)]


async def decide_request(
    info: strawberry.Info,
    session: AsyncSession,
    request_id: strawberry.relay.GlobalID,
    kind: engine.DecisionKind,
    *,
    step_id: str | None = None,
    reason: str = "",
    counter_offer: engine.CounterOffer | None = None,
) -> ApprovalRequest:
    viewer = require_viewer(info)
    request = await request_for_update(session, request_id)
    quote = await session.get(Quote, request.quote_id, with_for_update=True)
    assert quote is not None
    state = await request_state(session, request)
    me = str(viewer.user_id)
    # Delegation is judged now, when the delegate acts, not when the plan was built.
    now = now_utc()
    people = await acting_directory_for(session, viewer.user_id)
    # Approving without naming a step approves every step of the active level that is yours.
    steps = [step_id] if step_id else _my_steps(state, me, people, now)
    if kind is not engine.DecisionKind.APPROVE:
        steps = steps[:1]
    for step in steps:
        decision = engine.Decision(approver_id=me, kind=kind, step_id=step, reason=reason, counter_offer=counter_offer)
        outcome = engine.decide(state, decision, now, people)
        if not outcome.accepted:
            code, message = ERRORS.get(outcome.reasons[0], (ErrorCode.INVALID, outcome.reasons[0].value))
            raise reject(code, message, ["input", "id"])
        assert outcome.recorded is not None
        session.add(
            ApprovalDecision(
                request_id=request.id,
                step_id=step,
                level=outcome.recorded.level,
                kind=kind.value,
                decided_by=viewer.user_id,
                seat_user_id=int(outcome.recorded.seat_user_id),
                delegated=outcome.recorded.delegated,
                reason=reason or None,
                counter_offer=encode(counter_offer) if counter_offer else None,
                seen=request.facts,
                recorded=encode(outcome.recorded),
                decided_at=outcome.recorded.decided_at,
            )
        )
        state = outcome.state
    if outcome.status is engine.RequestStatus.APPROVED:
        request.status = ApprovalRequestStatus.APPROVED
        request.envelope = encode(outcome.envelope) if outcome.envelope else None
        request.closed_at = now_utc()
        await apply_transition(session, viewer_of(info), now_utc(), quote, rules.Action.APPROVE, message=reason or None)
    elif outcome.status is engine.RequestStatus.REJECTED:
        request.status = ApprovalRequestStatus.REJECTED
        request.reason = reason
        request.closed_at = now_utc()
        await apply_transition(session, viewer_of(info), now_utc(), quote, rules.Action.REJECT_APPROVAL, message=reason)
    elif outcome.status is engine.RequestStatus.COUNTERED:
        request.status = ApprovalRequestStatus.COUNTERED
        request.counter_offer = encode(counter_offer) if counter_offer else None
    await announce(session, request)
    await audit_change(info, session, f"approval.{kind.value.lower()}", request)
    return request
