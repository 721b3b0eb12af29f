"""``rejectCommissionInquiry`` (FINANCE): decline an inquiry, saying why."""

from __future__ import annotations

import strawberry

from resolvers.commissions.inquiries import inquiry_mutation
from resolvers.mutation import Arguments, EditInput, command, key
from schema.text_limits import Comment
from services.commissions.inquiries import InquiryStep, reject_inquiry


@strawberry.input(
    description="FINANCE declines an open inquiry at the version read, saying why; it closes."
)
class RejectCommissionInquiryInput(EditInput):
    reason: Comment
    """Why, for the rep; kept as the inquiry's last message."""


@inquiry_mutation(reject_inquiry)
def reject_commission_inquiry(input: RejectCommissionInquiryInput) -> Arguments:
    inquiry = key(input.id, "CommissionInquiry")
    return (command(InquiryStep, input, inquiry_id=inquiry, message=input.reason),)
