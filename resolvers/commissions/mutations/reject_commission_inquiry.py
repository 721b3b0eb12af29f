"""``rejectCommissionInquiry`` (FINANCE): decline an inquiry, saying why."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.commissions.inquiries import CommissionInquiryPayload, take_step
from schema.text_limits import Comment
from services.commissions.inquiries import InquiryStep, reject_inquiry


@strawberry.input
class RejectCommissionInquiryInput:
    id: relay.GlobalID
    version: int
    reason: Comment


async def reject_commission_inquiry(
    info: strawberry.Info, input: RejectCommissionInquiryInput
) -> CommissionInquiryPayload:
    return await take_step(
        info, reject_inquiry, input.id, lambda key: InquiryStep(key, input.version, input.reason)
    )
