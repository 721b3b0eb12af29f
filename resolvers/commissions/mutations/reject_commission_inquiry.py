"""``rejectCommissionInquiry`` (FINANCE): decline an inquiry, saying why."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.commissions.inquiries import CommissionInquiryPayload, inquiry_payload
from resolvers.mutation import command, key, perform, version_field
from schema.text_limits import Comment
from services.commissions.inquiries import InquiryStep, reject_inquiry


@strawberry.input
class RejectCommissionInquiryInput:
    id: relay.GlobalID
    version: int = version_field()
    reason: Comment


async def reject_commission_inquiry(
    info: strawberry.Info, input: RejectCommissionInquiryInput
) -> CommissionInquiryPayload:
    inquiry = key(input.id, "CommissionInquiry")
    step = command(InquiryStep, input, inquiry_id=inquiry, message=input.reason)
    return inquiry_payload(info, await perform(info, reject_inquiry, step))
