"""``approveStatement`` (FINANCE): approve a statement's payout; an approved statement is final."""

from __future__ import annotations

import contextlib

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.commissions import CommissionStatement as StatementRow
from db.models.commissions import CommissionStatementApproval
from schema.text_limits import Comment
from resolvers.audit import audit_change
from resolvers.mutation import atomically, decode_id, reject
from schema.errors import ErrorCode, UserError, user_error
from schema.permissions import require_viewer
from schema.types.commissions import CommissionStatement


@strawberry.input
class ApproveStatementInput:
    id: relay.GlobalID
    note: Comment | None = None


@strawberry.type
class ApproveStatementPayload:
    statement: CommissionStatement | None = None
    user_errors: list[UserError]


async def approve_statement(
    info: strawberry.Info, input: ApproveStatementInput
) -> ApproveStatementPayload:
    async def work(session: AsyncSession) -> StatementRow:
        statement = await session.get(StatementRow, decode_id(input.id, "CommissionStatement"))
        if statement is None:
            raise reject(
                ErrorCode.NOT_FOUND, "No CommissionStatement with this id.", ["input", "id"]
            )
        approval = CommissionStatementApproval(
            statement_id=statement.id, approved_by_id=require_viewer(info).user_id, note=input.note
        )
        session.add(approval)
        await audit_change(info, session, "approveStatement", approval)
        return statement

    outcome = await atomically(
        info,
        work,
        constraint_errors={
            "uq_commission_statement_approvals_statement_id": user_error(
                ErrorCode.INVALID_STATE, "This statement is already approved.", ["input", "id"]
            )
        },
    )
    if outcome.value is None:
        return ApproveStatementPayload(user_errors=outcome.errors)
    with contextlib.suppress(KeyError):  # strawberry raises for a key it never cached
        info.context.loaders.commissions.approval_by_statement_id.clear(outcome.value.id)
    return ApproveStatementPayload(
        statement=CommissionStatement.from_row(outcome.value), user_errors=[]
    )
