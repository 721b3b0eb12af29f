"""``rejectCommissionInquiry`` (FINANCE): decline an inquiry, saying why."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.commissions.inquiries import CommissionInquiryPayload, inquiry_payload
from resolvers.commissions.running import run
from resolvers.mutation import decode_id
from schema.text_limits import Comment
from services.commissions.inquiries import reject_inquiry


@strawberry.input
class RejectCommissionInquiryInput:
    id: relay.GlobalID
    version: int
    reason: Comment


async def reject_commission_inquiry(
    info: strawberry.Info, input: RejectCommissionInquiryInput
) -> CommissionInquiryPayload:
    outcome = await run(
        info,
        lambda session, actor, now: reject_inquiry(
            session, actor, now, decode_id(input.id, "CommissionInquiry"), input.version, input.reason
        ),
    )
    return inquiry_payload(info, outcome)
