"""Reason codes the approvals engine returns instead of raising.

A refusal, or a gap in a plan, is data: the resolver maps each code onto a
``UserError`` with the same name, so the phone can show a stable message and
the rep can see a problem *before* submitting. Nothing in ``approvals/``
raises for a business outcome.
"""

from __future__ import annotations

from enum import StrEnum, unique


@unique
class ReasonCode(StrEnum):
    """Why a plan is incomplete or why a decision was refused.

    The values are the public error codes; renaming one breaks clients, so
    add new members rather than repurposing old ones.
    """

    # --- plan building -------------------------------------------------
    #: A rule needs an approver nobody fills: no manager that many levels
    #: up, no active user with the role, an inactive named user, or the only
    #: candidate is the quote owner (nobody approves their own quote).
    APPROVER_UNRESOLVED = "APPROVER_UNRESOLVED"

    # --- deciding ------------------------------------------------------
    #: The request is already APPROVED, REJECTED or COUNTERED.
    REQUEST_NOT_PENDING = "REQUEST_NOT_PENDING"
    #: The decision names a step that is not part of the plan.
    STEP_NOT_FOUND = "STEP_NOT_FOUND"
    #: The user is neither an approver of the step nor a delegate of one.
    NOT_AN_APPROVER = "NOT_AN_APPROVER"
    #: The step belongs to a level that has not started yet.
    LEVEL_NOT_ACTIVE = "LEVEL_NOT_ACTIVE"
    #: The step (or its whole level) is already complete.
    STEP_ALREADY_DECIDED = "STEP_ALREADY_DECIDED"
    #: This approver's seat on an ALL step has already approved.
    APPROVER_ALREADY_DECIDED = "APPROVER_ALREADY_DECIDED"
    #: A rejection must say why, so the rep can act on it.
    REASON_REQUIRED = "REASON_REQUIRED"
    #: A counter-offer is missing, empty, out of range, ambiguous, names an
    #: unknown line, or a counter-offer was attached to another decision.
    COUNTER_OFFER_INVALID = "COUNTER_OFFER_INVALID"

    # --- after a decision ----------------------------------------------
    #: Only a COUNTERED request has a counter-offer to accept.
    REQUEST_NOT_COUNTERED = "REQUEST_NOT_COUNTERED"
    #: Only the quote owner accepts a counter-offer on the quote.
    NOT_QUOTE_OWNER = "NOT_QUOTE_OWNER"

    # --- escalation ----------------------------------------------------
    #: Escalation up the hierarchy was asked for, but a pending approver
    #: has no active manager to escalate to.
    ESCALATION_TARGET_UNRESOLVED = "ESCALATION_TARGET_UNRESOLVED"
