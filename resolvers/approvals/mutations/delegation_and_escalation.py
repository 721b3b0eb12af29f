"""``setApprovalDelegation`` (an approver away names a delegate) and
``escalateApprovalRequests`` (steps past their SLA move to the next approver up)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from resolvers.mutation import key, perform
from schema.errors import UserError
from services.approvals.delegation import set_approval_delegation as set_delegation
from services.approvals.escalation import escalate_approval_requests as escalate


@strawberry.input
class SetApprovalDelegationInput:
    delegate_id: strawberry.relay.GlobalID
    starts_at: datetime
    ends_at: datetime


@strawberry.type
class SetApprovalDelegationPayload:
    delegation_id: strawberry.ID | None = None
    user_errors: list[UserError]


async def set_approval_delegation(
    info: strawberry.Info, input: SetApprovalDelegationInput
) -> SetApprovalDelegationPayload:
    outcome = await perform(
        info,
        set_delegation,
        key(input.delegate_id, "User", "delegateId"),
        input.starts_at,
        input.ends_at,
    )
    return SetApprovalDelegationPayload(
        delegation_id=strawberry.ID(strawberry.relay.to_base64("Delegation", outcome.value.id))
        if outcome.value
        else None,
        user_errors=outcome.errors,
    )


@strawberry.type
class EscalateApprovalRequestsPayload:
    escalated: int = strawberry.field(description="Requests whose overdue steps moved up.")
    flagged: int = strawberry.field(description="Requests past their SLA.")
    user_errors: list[UserError]


async def escalate_approval_requests(info: strawberry.Info) -> EscalateApprovalRequestsPayload:
    """Run by a scheduler (or an admin): flag steps past their SLA; escalate where configured."""
    outcome = await perform(info, escalate, info.context.config.pricing)
    run = outcome.value
    return EscalateApprovalRequestsPayload(
        escalated=run.escalated if run else 0,
        flagged=run.flagged if run else 0,
        user_errors=outcome.errors,
    )
