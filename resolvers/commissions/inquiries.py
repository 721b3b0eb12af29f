"""The inquiry mutations' shared payload
(``services.commissions.inquiries`` holds the workflow)."""

from __future__ import annotations

import strawberry

from db.models.commissions import CommissionInquiry
from resolvers.commissions.running import forget
from resolvers.mutation import Outcome, payload_of, payload_type
from schema.types.commissions import CommissionInquiry as InquiryType

CommissionInquiryPayload = payload_type("CommissionInquiryPayload", InquiryType, "inquiry")


def inquiry_payload(
    info: strawberry.Info, outcome: Outcome[CommissionInquiry]
) -> CommissionInquiryPayload:
    if outcome.value is not None:
        loaders = info.context.loaders.commissions
        forget((loaders.inquiry_by_id, loaders.messages_by_inquiry_id), outcome.value.id)
    return payload_of(CommissionInquiryPayload, outcome, "inquiry", InquiryType.from_row)
