"""``resolveCommissionInquiry`` (FINANCE): settle an inquiry, with or without an adjustment.

An adjustment lands in the current open period (never a closed one) and
appears on that period's statement; the inquiry points at it.
"""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry import relay

from resolvers.commissions.inquiries import CommissionInquiryPayload, inquiry_payload
from resolvers.mutation import command, key, perform, version_field
from schema.text_limits import Comment, Reason
from services.commissions.adjustments import NewAdjustment
from services.commissions.inquiries import InquiryStep, resolve_inquiry
from services.refusal import Code, Refusal


@strawberry.input
class InquiryAdjustmentInput:
    amount: Decimal = strawberry.field(description="Signed, in the rep's plan currency.")
    description: Reason


@strawberry.input
class ResolveCommissionInquiryInput:
    id: relay.GlobalID
    version: int = version_field()
    message: Comment
    adjustment: InquiryAdjustmentInput | None = None


async def resolve_commission_inquiry(
    info: strawberry.Info, input: ResolveCommissionInquiryInput
) -> CommissionInquiryPayload:
    given = input.adjustment
    adjustment = None if given is None else command(NewAdjustment, given)
    inquiry = key(input.id, "CommissionInquiry")
    outcome = await perform(
        info,
        resolve_inquiry,
        command(InquiryStep, input, inquiry_id=inquiry, adjustment=adjustment),
        constraint_errors={
            "commission_period_closed": Refusal(
                Code.PERIOD_CLOSED,
                "The period was just closed; try again.",
                ("input", "adjustment"),
            )
        },
    )
    return inquiry_payload(info, outcome)
