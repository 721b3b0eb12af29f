"""``openCommissionInquiry`` (a rep, on their own statement line or credit): ask or dispute."""

from __future__ import annotations

import strawberry
from strawberry import relay

from db.models.commissions import CommissionInquiry, InquiryCategory
from resolvers.commissions.inquiries import CommissionInquiryPayload, inquiry_payload
from resolvers.commissions.running import idempotent, run
from resolvers.mutation import decode_id
from schema.text_limits import Comment, IdempotencyKey, Reason
from schema.types.commissions import CommissionInquiryCategory
from services.commissions.inquiries import OpenInquiry, open_inquiry


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


def _command(input: OpenCommissionInquiryInput) -> OpenInquiry:
    line, credit = input.statement_line_id, input.credit_id
    both_or_neither = (line is None) == (credit is None)
    return OpenInquiry(
        category=InquiryCategory(input.category.value),
        message=input.message,
        statement_line_id=None
        if line is None or both_or_neither
        else decode_id(line, "CommissionStatementLine", ("input", "statementLineId")),
        credit_id=None
        if credit is None or both_or_neither
        else decode_id(credit, "CommissionCredit", ("input", "creditId")),
        attachment_ref=input.attachment_ref,
    )


async def open_commission_inquiry(
    info: strawberry.Info, input: OpenCommissionInquiryInput
) -> CommissionInquiryPayload:
    outcome = await run(
        info,
        lambda session, actor, now: open_inquiry(session, actor, now, _command(input)),
        idempotent=idempotent("openCommissionInquiry", input, CommissionInquiry),
    )
    return inquiry_payload(info, outcome)
