"""``rejectCommissionInquiry`` (FINANCE): decline an inquiry, saying why."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.commissions import CommissionInquiry, InquiryStatus
from db.queries.audit import snapshot
from schema.text_limits import Comment
from resolvers.audit import audit_change
from resolvers.commissions.inquiries import (
    CommissionInquiryPayload,
    add_message,
    inquiry_for_update,
    inquiry_payload,
)
from resolvers.mutation import atomically
from services.validation import required_text


@strawberry.input
class RejectCommissionInquiryInput:
    id: relay.GlobalID
    version: int
    reason: Comment


async def reject_commission_inquiry(
    info: strawberry.Info, input: RejectCommissionInquiryInput
) -> CommissionInquiryPayload:
    async def work(session: AsyncSession) -> CommissionInquiry:
        inquiry = await inquiry_for_update(session, input.id, input.version)
        before = snapshot(inquiry)
        reason = required_text(input.reason, ["input", "reason"], max_length=5000)
        add_message(info, session, inquiry, "REJECTED", reason)
        inquiry.status = InquiryStatus.REJECTED
        inquiry.resolution = reason
        await audit_change(info, session, "rejectCommissionInquiry", inquiry, before)
        return inquiry

    return inquiry_payload(info, await atomically(info, work))
