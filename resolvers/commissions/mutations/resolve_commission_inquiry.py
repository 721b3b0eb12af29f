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


@strawberry.input(
    description="A correction that settles an inquiry, recorded in the current open period."
)
class InquiryAdjustmentInput:
    amount: Decimal
    """Signed, in the rep's plan currency: positive pays the rep more, negative takes money back."""
    description: Reason
    """What the adjustment is for, as the rep's statement shows it."""


@strawberry.input(
    description="FINANCE settles an open inquiry at the version read, optionally with an "
    "adjustment; it closes as RESOLVED."
)
class ResolveCommissionInquiryInput(EditInput):
    message: Comment
    """The resolution, for the rep."""
    adjustment: InquiryAdjustmentInput | None = None
    """A correction in the current open period (never a closed one), shown on that period's
    statement; null: none."""


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
