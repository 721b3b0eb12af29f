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
from resolvers.fields import mutation_field
from schema.types.quote_mutation import QuotePayload


@strawberry.type
class ApprovalMutations:
    submit_quote_for_approval: QuotePayload = mutation_field(
        submit_quote_for_approval, "Submit: approved at once when nothing needs approval."
    )
    approve_approval_request: ApprovalRequestPayload = mutation_field(
        approve_approval_request, "Approve your step."
    )
    reject_approval_request: ApprovalRequestPayload = mutation_field(
        reject_approval_request, "Reject (a reason is required)."
    )
    counter_offer_approval_request: ApprovalRequestPayload = mutation_field(
        counter_offer_approval_request, "Propose a different discount or price instead."
    )
    recall_approval_request: ApprovalRequestPayload = mutation_field(
        recall_approval_request, "The rep takes the request back."
    )
    accept_counter_offer: ApprovalRequestPayload = mutation_field(
        accept_counter_offer, "The rep accepts the counter-offer into a new revision."
    )
    decline_counter_offer: ApprovalRequestPayload = mutation_field(
        decline_counter_offer, "The rep declines the counter-offer."
    )
    comment_on_approval_request: ApprovalRequestPayload = mutation_field(
        comment_on_approval_request, "Add to the negotiation thread."
    )
    set_approval_delegation: SetApprovalDelegationPayload = mutation_field(
        set_approval_delegation, "Name a delegate while you are away."
    )
    escalate_approval_requests: EscalateApprovalRequestsPayload = mutation_field(
        escalate_approval_requests,
        "Flag steps past their SLA and move them up where configured (run by a scheduler).",
        Role.ADMIN,
    )
    create_approval_rule: ApprovalRulePayload = mutation_field(create_approval_rule, None, Role.OPS)
    update_approval_rule: ApprovalRulePayload = mutation_field(update_approval_rule, None, Role.OPS)


__all__ = ["ApprovalMutations", "ApprovalQueries"]
