"""``resolveCommissionInquiry`` (FINANCE): settle an inquiry, with or without an adjustment.

An adjustment lands in the current open period (never a closed one) and
appears on that period's statement; the inquiry points at it.
"""

from __future__ import annotations

from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.commissions import CommissionInquiry, InquiryStatus
from db.queries.audit import snapshot
from schema.text_limits import Comment, Reason
from resolvers.audit import audit_change
from resolvers.commissions.adjustments import add_adjustment
from resolvers.commissions.inquiries import (
    CommissionInquiryPayload,
    add_message,
    inquiry_for_update,
    inquiry_payload,
)
from resolvers.mutation import atomically
from services.validation import required_text
from schema.errors import ErrorCode, user_error
from schema.permissions import require_viewer


@strawberry.input
class InquiryAdjustmentInput:
    amount: Decimal = strawberry.field(description="Signed, in the rep's plan currency.")
    description: Reason


@strawberry.input
class ResolveCommissionInquiryInput:
    id: relay.GlobalID
    version: int
    message: Comment
    adjustment: InquiryAdjustmentInput | None = None


async def resolve_commission_inquiry(
    info: strawberry.Info, input: ResolveCommissionInquiryInput
) -> CommissionInquiryPayload:
    async def work(session: AsyncSession) -> CommissionInquiry:
        inquiry = await inquiry_for_update(session, input.id, input.version)
        before = snapshot(inquiry)
        message = required_text(input.message, ["input", "message"], max_length=5000)
        if input.adjustment is not None:
            adjustment = await add_adjustment(
                session,
                rep_id=inquiry.rep_id,
                amount=input.adjustment.amount,
                description=required_text(
                    input.adjustment.description,
                    ["input", "adjustment", "description"],
                    max_length=500,
                ),
                effective_date=None,
                currency=None,
                created_by_id=require_viewer(info).user_id,
                field=["input", "adjustment"],
            )
            inquiry.adjustment_id = adjustment.id
            await audit_change(info, session, "recordCommissionAdjustment", adjustment)
        add_message(info, session, inquiry, "RESOLVED", message)
        inquiry.status = InquiryStatus.RESOLVED
        inquiry.resolution = message
        await audit_change(info, session, "resolveCommissionInquiry", inquiry, before)
        return inquiry

    return inquiry_payload(
        info,
        await atomically(
            info,
            work,
            constraint_errors={
                "commission_period_closed": user_error(
                    ErrorCode.PERIOD_CLOSED,
                    "The period was just closed; try again.",
                    ["input", "adjustment"],
                )
            },
        ),
    )
