"""``setApprovalDelegation`` (an approver away names a delegate) and
``escalateApprovalRequests`` (steps past their SLA move to the next approver up)."""

from __future__ import annotations

from datetime import datetime, timedelta

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from db.codec.approvals import decode, encode
from db.models.approvals import ApprovalRequest, ApprovalRequestStatus, Delegation
from db.models.users import User
from resolvers.approvals.inputs import approver_ids, directory
from resolvers.approvals.requests import announce, now_utc, request_state
from resolvers.audit import audit_change
from resolvers.mutation import atomically, decode_id, reject
from schema.errors import ErrorCode, UserError
from schema.permissions import require_viewer


@strawberry.input
class SetApprovalDelegationInput:
    delegate_id: strawberry.relay.GlobalID
    starts_at: datetime
    ends_at: datetime


@strawberry.type
class SetApprovalDelegationPayload:
    delegation_id: strawberry.ID | None = None
    user_errors: list[UserError]


async def set_approval_delegation(info: strawberry.Info, input: SetApprovalDelegationInput) -> SetApprovalDelegationPayload:
    viewer = require_viewer(info)

    async def work(session: AsyncSession) -> Delegation:
        delegate = await session.get(User, decode_id(input.delegate_id, "User", ["input", "delegateId"]))
        if delegate is None or not delegate.active:
            raise reject(ErrorCode.NOT_FOUND, "No active user with this id.", ["input", "delegateId"])
        if delegate.id == viewer.user_id:
            raise reject(ErrorCode.INVALID, "You cannot delegate to yourself.", ["input", "delegateId"])
        if input.ends_at <= input.starts_at:
            raise reject(ErrorCode.INVALID, "The end must come after the start.", ["input", "endsAt"])
        delegation = Delegation(user_id=viewer.user_id, delegate_id=delegate.id, starts_at=input.starts_at, ends_at=input.ends_at)
        session.add(delegation)
        await audit_change(info, session, "setApprovalDelegation", delegation)
        return delegation

    outcome = await atomically(info, work)
    return SetApprovalDelegationPayload(
        delegation_id=strawberry.ID(strawberry.relay.to_base64("Delegation", outcome.value.id)) if outcome.value else None,
        user_errors=outcome.errors,
    )


@strawberry.type
class EscalateApprovalRequestsPayload:
    escalated: int = strawberry.field(description="Requests whose overdue steps moved up.")
    flagged: int = strawberry.field(description="Requests past their SLA.")
    user_errors: list[UserError]


def _with_escalation(plan: engine.ApprovalPlan, escalation: engine.Escalation) -> engine.ApprovalPlan:
    """The plan with the escalation's targets added to the pending seats of its step
    (``escalated_to``: unlike a delegation, escalation does not expire)."""
    from dataclasses import replace

    def seat(approver: engine.PlanApprover) -> engine.PlanApprover:
        if approver.user_id not in escalation.pending_approvers:
            return approver
        extra = tuple(t for t in escalation.escalate_to if t not in approver.escalated_to and t != approver.user_id)
        return replace(approver, escalated_to=approver.escalated_to + extra)

    return replace(
        plan,
        levels=tuple(
            replace(
                level,
                steps=tuple(
                    replace(step, approvers=tuple(seat(a) for a in step.approvers)) if step.step_id == escalation.step_id else step
                    for step in level.steps
                ),
            )
            for level in plan.levels
        ),
    )


async def escalate_approval_requests(info: strawberry.Info) -> EscalateApprovalRequestsPayload:
    """Run by a scheduler (or an admin): flag steps past their SLA; escalate where configured."""

    async def work(session: AsyncSession) -> tuple[int, int]:
        people = await directory(session, info.context.config.pricing.default_discount_authority_percent)
        pending = (
            await session.scalars(
                select(ApprovalRequest).where(ApprovalRequest.status == ApprovalRequestStatus.PENDING).with_for_update(skip_locked=True)
            )
        ).all()
        escalated = flagged = 0
        now = now_utc()
        for request in pending:
            sla = {
                int(level): engine.Sla(duration=timedelta(hours=v["hours"]), escalate_up=v["escalate_up"])
                for level, v in request.sla.items()
                if v.get("hours")
            }
            found = engine.escalations(await request_state(session, request), sla, now, people)
            if not found:
                continue
            flagged += 1
            plan = decode(engine.ApprovalPlan, request.plan)
            moved = False
            for escalation in found:
                if escalation.escalate_to:
                    plan = _with_escalation(plan, escalation)
                    moved = True
            if moved:
                request.plan = encode(plan)
                request.approver_ids = approver_ids(plan)
                escalated += 1
                await announce(session, request)
                await audit_change(info, session, "escalateApprovalRequest", request)
        return escalated, flagged

    outcome = await atomically(info, work)
    escalated, flagged = outcome.value or (0, 0)
    return EscalateApprovalRequestsPayload(escalated=escalated, flagged=flagged, user_errors=outcome.errors)
