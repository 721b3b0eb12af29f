"""``approveStatement`` (FINANCE): approve a statement's payout; an approved statement is final."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, key, mutation
from schema.text_limits import Comment
from schema.types.commissions import CommissionStatement
from services.commissions.statements import approve_statement as approve
from services.refusal import Code, Refusal


@strawberry.input(description="Which statement FINANCE approves for payout; approval is final.")
class ApproveStatementInput:
    id: relay.GlobalID = strawberry.field(
        description="The global ID of the statement (from `CommissionStatement.id`); a "
        "statement is approved once."
    )
    note: Comment | None = None
    """Kept with the approval; null: none."""


@mutation(
    approve,
    CommissionStatement,
    field="statement",
    constraint_errors={
        "uq_commission_statement_approvals_statement_id": Refusal(
            Code.INVALID_STATE, "This statement is already approved.", ("input", "id")
        )
    },
    forgets=lambda loaders: [loaders.commissions.approval_by_statement_id],
)
def approve_statement(input: ApproveStatementInput) -> Arguments:
    return key(input.id, "CommissionStatement"), input.note
