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
from resolvers.approvals.mutations.email_approvals import (
    SetEmailApprovalsPayload,
    set_email_approvals,
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
        submit_quote_for_approval,
        "Submit the quote's current revision (at the version read) for approval: the approval "
        "rules decide who must approve; it is approved at once when nothing needs approval. "
        "Only the quote's owner may submit it.",
    )
    approve_approval_request: ApprovalRequestPayload = mutation_field(
        approve_approval_request,
        "Approve your step(s) of a request, or those of an approver you stand in for; each "
        "seat decides a step once. Only an approver of the active level may.",
    )
    reject_approval_request: ApprovalRequestPayload = mutation_field(
        reject_approval_request,
        "Reject your step of a request, with a reason for the rep; the request is rejected.",
    )
    counter_offer_approval_request: ApprovalRequestPayload = mutation_field(
        counter_offer_approval_request,
        "Propose a different discount or price instead of approving; the rep then accepts "
        "(`acceptCounterOffer`) or declines (`declineCounterOffer`).",
    )
    recall_approval_request: ApprovalRequestPayload = mutation_field(
        recall_approval_request,
        "The quote's owner takes an open request back; the quote returns to where it was "
        "before submitting.",
    )
    accept_counter_offer: ApprovalRequestPayload = mutation_field(
        accept_counter_offer,
        "The quote's owner accepts the approver's counter-offer: it becomes a new, approved "
        "revision of the quote.",
    )
    decline_counter_offer: ApprovalRequestPayload = mutation_field(
        decline_counter_offer,
        "The quote's owner declines the counter-offer; the request closes and the quote "
        "returns to where it was before submitting.",
    )
    comment_on_approval_request: ApprovalRequestPayload = mutation_field(
        comment_on_approval_request,
        "Add a message to a request's negotiation thread (the quote's owner or an approver "
        "on the request).",
    )
    set_approval_delegation: SetApprovalDelegationPayload = mutation_field(
        set_approval_delegation,
        "Name a delegate who may decide your approval steps while you are away, for a "
        "window of time.",
    )
    set_email_approvals: SetEmailApprovalsPayload = mutation_field(
        set_email_approvals,
        "Turn approval emails (with one-tap approve and reject links, and decisions by reply) "
        "on or off for yourself. Errors: NOT_FOUND.",
    )
    escalate_approval_requests: EscalateApprovalRequestsPayload = mutation_field(
        escalate_approval_requests,
        "Flag steps past their SLA and move them up where configured (run by a scheduler).",
        Role.ADMIN,
    )
    create_approval_rule: ApprovalRulePayload = mutation_field(
        create_approval_rule,
        "A new approval rule; it applies to quotes submitted from now on.",
        Role.OPS,
    )
    update_approval_rule: ApprovalRulePayload = mutation_field(
        update_approval_rule,
        "Replace an approval rule's definition and/or switch it off or on, at the version "
        "read; requests already submitted keep their plan.",
        Role.OPS,
    )


__all__ = ["ApprovalMutations", "ApprovalQueries"]
