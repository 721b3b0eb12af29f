"""``openCommissionInquiry`` (a rep, on their own statement line or credit): ask or dispute."""

from __future__ import annotations

import strawberry
from strawberry import relay

from db.models.commissions import InquiryCategory
from resolvers.commissions.inquiries import inquiry_mutation
from resolvers.mutation import Arguments, command, idempotency_key_field, key
from schema.text_limits import Comment, IdempotencyKey, Reason
from schema.types.commissions import CommissionInquiryCategory
from services.commissions.inquiries import OpenInquiry, open_inquiry


@strawberry.input(
    description="A rep's question about or dispute of one of their own statement lines or "
    "credits: give exactly one of `statementLineId` and `creditId`."
)
class OpenCommissionInquiryInput:
    category: CommissionInquiryCategory  # type: ignore[valid-type]
    """What kind of problem it is."""
    message: Comment
    """The question or dispute, for FINANCE."""
    statement_line_id: relay.GlobalID | None = None
    """The global ID of one of your statement lines (from `CommissionStatementLine.id`)."""
    credit_id: relay.GlobalID | None = None
    """The global ID of one of your credits (from `CommissionCredit.id`)."""
    attachment_ref: Reason | None = None
    """A reference to an uploaded file; null: none."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@inquiry_mutation(open_inquiry)
def open_commission_inquiry(input: OpenCommissionInquiryInput) -> Arguments:
    # Given both or neither, the use case refuses without reading either id.
    one = (input.statement_line_id is None) != (input.credit_id is None)
    new = command(
        OpenInquiry,
        input,
        category=InquiryCategory(input.category.value),
        statement_line_id=key(
            input.statement_line_id if one else None, "CommissionStatementLine", "statementLineId"
        ),
        credit_id=key(input.credit_id if one else None, "CommissionCredit", "creditId"),
    )
    return (new,)
