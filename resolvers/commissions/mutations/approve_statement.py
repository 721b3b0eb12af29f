"""``approveStatement`` (FINANCE): approve a statement's payout; an approved statement is final."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.commissions.running import forget
from resolvers.mutation import key, payload_of, payload_type, perform
from schema.text_limits import Comment
from schema.types.commissions import CommissionStatement
from services.commissions.statements import approve_statement as approve
from services.refusal import Code, Refusal


@strawberry.input
class ApproveStatementInput:
    id: relay.GlobalID
    note: Comment | None = None


ApproveStatementPayload = payload_type("ApproveStatementPayload", CommissionStatement, "statement")


async def approve_statement(
    info: strawberry.Info, input: ApproveStatementInput
) -> ApproveStatementPayload:
    outcome = await perform(
        info,
        approve,
        key(input.id, "CommissionStatement"),
        input.note,
        constraint_errors={
            "uq_commission_statement_approvals_statement_id": Refusal(
                Code.INVALID_STATE, "This statement is already approved.", ("input", "id")
            )
        },
    )
    if outcome.value is not None:
        forget([info.context.loaders.commissions.approval_by_statement_id], outcome.value.id)
    return payload_of(ApproveStatementPayload, outcome, "statement", CommissionStatement.from_row)
