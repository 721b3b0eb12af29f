"""``answerCommissionInquiry`` (FINANCE): reply in the thread; the inquiry stays open for more."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.commissions.inquiries import CommissionInquiryPayload, inquiry_payload
from resolvers.mutation import command, key, perform, version_field
from schema.text_limits import Comment, Reason
from services.commissions.inquiries import InquiryStep, answer_inquiry


@strawberry.input
class AnswerCommissionInquiryInput:
    id: relay.GlobalID
    version: int = version_field()
    message: Comment
    attachment_ref: Reason | None = None


async def answer_commission_inquiry(
    info: strawberry.Info, input: AnswerCommissionInquiryInput
) -> CommissionInquiryPayload:
    step = command(InquiryStep, input, inquiry_id=key(input.id, "CommissionInquiry"))
    return inquiry_payload(info, await perform(info, answer_inquiry, step))
