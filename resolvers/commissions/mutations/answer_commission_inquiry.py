"""``answerCommissionInquiry`` (FINANCE): reply in the thread; the inquiry stays open for more."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.commissions.inquiries import CommissionInquiryPayload, inquiry_payload
from resolvers.commissions.running import run
from resolvers.mutation import decode_id
from schema.text_limits import Comment, Reason
from services.commissions.inquiries import answer_inquiry


@strawberry.input
class AnswerCommissionInquiryInput:
    id: relay.GlobalID
    version: int
    message: Comment
    attachment_ref: Reason | None = None


async def answer_commission_inquiry(
    info: strawberry.Info, input: AnswerCommissionInquiryInput
) -> CommissionInquiryPayload:
    outcome = await run(
        info,
        lambda session, actor, now: answer_inquiry(
            session,
            actor,
            now,
            decode_id(input.id, "CommissionInquiry"),
            input.version,
            input.message,
            input.attachment_ref,
        ),
    )
    return inquiry_payload(info, outcome)
