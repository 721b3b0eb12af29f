"""``answerCommissionInquiry`` (FINANCE): reply in the thread; the inquiry stays open for more."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.commissions import CommissionInquiry, InquiryStatus
from db.queries.audit import snapshot
from schema.text_limits import Comment, Reason
from resolvers.audit import audit_change
from resolvers.commissions.inquiries import (
    CommissionInquiryPayload,
    add_message,
    inquiry_for_update,
    inquiry_payload,
)
from resolvers.mutation import atomically
from services.validation import optional_text, required_text


@strawberry.input
class AnswerCommissionInquiryInput:
    id: relay.GlobalID
    version: int
    message: Comment
    attachment_ref: Reason | None = None


async def answer_commission_inquiry(
    info: strawberry.Info, input: AnswerCommissionInquiryInput
) -> CommissionInquiryPayload:
    async def work(session: AsyncSession) -> CommissionInquiry:
        inquiry = await inquiry_for_update(session, input.id, input.version)
        before = snapshot(inquiry)
        add_message(
            info,
            session,
            inquiry,
            "ANSWER",
            required_text(input.message, ["input", "message"], max_length=5000),
            optional_text(input.attachment_ref, ["input", "attachmentRef"], max_length=500),
        )
        inquiry.status = InquiryStatus.ANSWERED
        await audit_change(info, session, "answerCommissionInquiry", inquiry, before)
        return inquiry

    return inquiry_payload(info, await atomically(info, work))
