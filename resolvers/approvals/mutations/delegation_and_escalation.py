"""``setApprovalDelegation`` (an approver away names a delegate) and
``escalateApprovalRequests`` (steps past their SLA move to the next approver up)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from db.models.approvals import Delegation
from resolvers.mutation import key, payload, payload_of, perform, user_errors_field
from schema.errors import UserError
from services.approvals.delegation import set_approval_delegation as set_delegation
from services.approvals.escalation import escalate_approval_requests as escalate


@strawberry.input(
    description="An approver away names who may decide their approval steps, and when. The "
    "window may lie in the past or future: whether a delegate may act is judged when they act."
)
class SetApprovalDelegationInput:
    delegate_id: strawberry.relay.GlobalID
    """The global ID of the active user who stands in for you (not yourself)."""
    starts_at: datetime
    """When the delegate may start deciding in your seat (inclusive)."""
    ends_at: datetime
    """When the delegation ends (exclusive); after `startsAt`."""


@payload("setApprovalDelegation", "the new delegation's id")
class SetApprovalDelegationPayload:
    delegation_id: strawberry.ID | None = None
    """An opaque ID of the delegation just recorded; null when refused."""
    user_errors: list[UserError] = user_errors_field()


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
    return payload_of(SetApprovalDelegationPayload, outcome, "delegation_id", _delegation_id)


def _delegation_id(row: Delegation) -> strawberry.ID:
    return strawberry.ID(strawberry.relay.to_base64("Delegation", row.id))


@payload("escalateApprovalRequests", "how many requests one run flagged and moved up")
class EscalateApprovalRequestsPayload:
    escalated: int
    """Requests whose overdue steps moved up to the next approver; 0 when refused."""
    flagged: int
    """Requests past their SLA; 0 when refused."""
    user_errors: list[UserError] = user_errors_field()


async def escalate_approval_requests(info: strawberry.Info) -> EscalateApprovalRequestsPayload:
    """Run by a scheduler (or an admin): flag steps past their SLA; escalate where configured."""
    outcome = await perform(info, escalate, info.context.config.pricing)
    run = outcome.value
    return EscalateApprovalRequestsPayload(
        escalated=run.escalated if run else 0,
        flagged=run.flagged if run else 0,
        user_errors=outcome.errors,
    )
