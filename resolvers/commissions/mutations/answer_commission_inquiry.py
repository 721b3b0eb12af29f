"""``answerCommissionInquiry`` (FINANCE): reply in the thread; the inquiry stays open for more."""

from __future__ import annotations

import strawberry

from resolvers.commissions.inquiries import inquiry_mutation
from resolvers.mutation import Arguments, EditInput, command, key
from schema.text_limits import Comment, Reason
from services.commissions.inquiries import InquiryStep, answer_inquiry


@strawberry.input(
    description="FINANCE's reply in an open inquiry's thread, at the inquiry's version read; "
    "the inquiry stays open for more."
)
class AnswerCommissionInquiryInput(EditInput):
    message: Comment
    """The reply, for the rep."""
    attachment_ref: Reason | None = None
    """A reference to an uploaded file; null: none."""


@inquiry_mutation(answer_inquiry)
def answer_commission_inquiry(input: AnswerCommissionInquiryInput) -> Arguments:
    return (command(InquiryStep, input, inquiry_id=key(input.id, "CommissionInquiry")),)
