"""``resolveCommissionInquiry`` (FINANCE): settle an inquiry, with or without an adjustment.

An adjustment lands in the current open period (never a closed one) and
appears on that period's statement; the inquiry points at it.
"""

from __future__ import annotations

from decimal import Decimal

import strawberry

from resolvers.commissions.inquiries import inquiry_mutation
from resolvers.mutation import Arguments, EditInput, command, key
from schema.text_limits import Comment, Reason
from services.commissions.adjustments import NewAdjustment
from services.commissions.inquiries import InquiryStep, resolve_inquiry
from services.refusal import Code, Refusal


@strawberry.input
class InquiryAdjustmentInput:
    amount: Decimal = strawberry.field(description="Signed, in the rep's plan currency.")
    description: Reason


@strawberry.input
class ResolveCommissionInquiryInput(EditInput):
    message: Comment
    adjustment: InquiryAdjustmentInput | None = None


@inquiry_mutation(
    resolve_inquiry,
    constraint_errors={
        "commission_period_closed": Refusal(
            Code.PERIOD_CLOSED, "The period was just closed; try again.", ("input", "adjustment")
        )
    },
)
def resolve_commission_inquiry(input: ResolveCommissionInquiryInput) -> Arguments:
    given = input.adjustment
    adjustment = None if given is None else command(NewAdjustment, given)
    inquiry = key(input.id, "CommissionInquiry")
    return (command(InquiryStep, input, inquiry_id=inquiry, adjustment=adjustment),)
