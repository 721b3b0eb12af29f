"""Approvals and negotiation: who approves a quote, their decisions, counter-offers."""

from __future__ import annotations

import strawberry

from db.models.users import Role
from resolvers.approvals.mutations.decisions import (
    approve_approval_request,
    counter_offer_approval_request,
    reject_approval_request,
)
from resolvers.approvals.mutations.delegation_and_escalation import (
    EscalateApprovalRequestsPayload,
    SetApprovalDelegationPayload,
    escalate_approval_requests,
    set_approval_delegation,
)
from resolvers.approvals.mutations.rep_actions import (
    accept_counter_offer,
    comment_on_approval_request,
    decline_counter_offer,
    recall_approval_request,
)
from resolvers.approvals.mutations.rules import (
    ApprovalRulePayload,
    create_approval_rule,
    update_approval_rule,
)
from resolvers.approvals.mutations.submit_quote_for_approval import submit_quote_for_approval
from resolvers.approvals.payload import ApprovalRequestPayload
from resolvers.approvals.queries import ApprovalQueries
from schema.permissions import roles, signed_in
from schema.types.quote_mutation import QuotePayload


def _signed_in(resolver, description: str) -> ApprovalRequestPayload:  # type: ignore[no-untyped-def]
    return strawberry.mutation(resolver=resolver, extensions=signed_in(), description=description)


@strawberry.type
class ApprovalMutations:
    submit_quote_for_approval: QuotePayload = strawberry.mutation(
        resolver=submit_quote_for_approval,
        extensions=signed_in(),
        description="Submit: approved at once when nothing needs approval.",
    )
    approve_approval_request: ApprovalRequestPayload = _signed_in(
        approve_approval_request, "Approve your step."
    )
    reject_approval_request: ApprovalRequestPayload = _signed_in(
        reject_approval_request, "Reject (a reason is required)."
    )
    counter_offer_approval_request: ApprovalRequestPayload = _signed_in(
        counter_offer_approval_request, "Propose a different discount or price instead."
    )
    recall_approval_request: ApprovalRequestPayload = _signed_in(
        recall_approval_request, "The rep takes the request back."
    )
    accept_counter_offer: ApprovalRequestPayload = _signed_in(
        accept_counter_offer, "The rep accepts the counter-offer into a new revision."
    )
    decline_counter_offer: ApprovalRequestPayload = _signed_in(
        decline_counter_offer, "The rep declines the counter-offer."
    )
    comment_on_approval_request: ApprovalRequestPayload = _signed_in(
        comment_on_approval_request, "Add to the negotiation thread."
    )
    set_approval_delegation: SetApprovalDelegationPayload = strawberry.mutation(
        resolver=set_approval_delegation,
        extensions=signed_in(),
        description="Name a delegate while you are away.",
    )
    escalate_approval_requests: EscalateApprovalRequestsPayload = strawberry.mutation(
        resolver=escalate_approval_requests,
        extensions=roles(Role.ADMIN),
        description=(
            "Flag steps past their SLA and move them up where configured (run by a scheduler)."
        ),
    )
    create_approval_rule: ApprovalRulePayload = strawberry.mutation(
        resolver=create_approval_rule, extensions=roles(Role.OPS)
    )
    update_approval_rule: ApprovalRulePayload = strawberry.mutation(
        resolver=update_approval_rule, extensions=roles(Role.OPS)
    )


__all__ = ["ApprovalMutations", "ApprovalQueries"]
