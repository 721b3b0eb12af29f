"""``openCommissionInquiry`` (a rep, on their own statement line or credit): ask or dispute."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.commissions import (
    CommissionCredit,
    CommissionInquiry,
    CommissionStatement,
    CommissionStatementLine,
    InquiryStatus,
)
from schema.text_limits import Comment, IdempotencyKey, Reason
from resolvers.audit import audit_change
from resolvers.commissions.inquiries import CommissionInquiryPayload, add_message, inquiry_payload
from resolvers.mutation import IdempotentCreate, atomically, decode_id, reject
from services.validation import optional_text, required_text
from schema.errors import ErrorCode
from schema.permissions import require_viewer
from schema.types.commissions import CommissionInquiryCategory


@strawberry.input(description="Give exactly one of `statementLineId` and `creditId`.")
class OpenCommissionInquiryInput:
    category: CommissionInquiryCategory  # type: ignore[valid-type]
    message: Comment
    statement_line_id: relay.GlobalID | None = None
    credit_id: relay.GlobalID | None = None
    attachment_ref: Reason | None = strawberry.field(
        default=None, description="A reference to an uploaded file."
    )
    idempotency_key: IdempotencyKey | None = None


async def open_commission_inquiry(
    info: strawberry.Info, input: OpenCommissionInquiryInput
) -> CommissionInquiryPayload:
    async def work(session: AsyncSession) -> CommissionInquiry:
        viewer = require_viewer(info)
        if (input.statement_line_id is None) == (input.credit_id is None):
            raise reject(ErrorCode.INVALID, "Name exactly one statement line or credit.", ["input"])
        line_id = credit_id = None
        if input.statement_line_id is not None:
            field = ["input", "statementLineId"]
            line = await session.get(
                CommissionStatementLine,
                decode_id(input.statement_line_id, "CommissionStatementLine", field),
            )
            statement = await session.get(CommissionStatement, line.statement_id) if line else None
            if statement is None or statement.rep_id != viewer.user_id:
                raise reject(ErrorCode.NOT_FOUND, "No statement line of yours with this id.", field)
            line_id = line.id  # type: ignore[union-attr]
        else:
            field = ["input", "creditId"]
            credit = await session.get(
                CommissionCredit, decode_id(input.credit_id, "CommissionCredit", field)
            )  # type: ignore[arg-type]
            if credit is None or credit.rep_id != viewer.user_id:
                raise reject(ErrorCode.NOT_FOUND, "No credit of yours with this id.", field)
            credit_id = credit.id
        inquiry = CommissionInquiry(
            rep_id=viewer.user_id,
            statement_line_id=line_id,
            credit_id=credit_id,
            category=input.category,
            status=InquiryStatus.OPEN,
            attachment_ref=optional_text(
                input.attachment_ref, ["input", "attachmentRef"], max_length=500
            ),
        )
        session.add(inquiry)
        await session.flush()
        add_message(
            info,
            session,
            inquiry,
            "OPENED",
            required_text(input.message, ["input", "message"], max_length=5000),
            inquiry.attachment_ref,
        )
        await audit_change(info, session, "openCommissionInquiry", inquiry)
        return inquiry

    return inquiry_payload(
        info,
        await atomically(
            info,
            work,
            idempotent=IdempotentCreate(
                operation="openCommissionInquiry",
                key=input.idempotency_key,
                request={**strawberry.asdict(input), "idempotency_key": None},
                model=CommissionInquiry,
            ),
        ),
    )
