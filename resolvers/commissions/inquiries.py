"""The inquiry workflow shared by its mutations: load and lock, check the status, add to the thread.

OPEN → ANSWERED (FINANCE replied; more answers may follow) → RESOLVED (with or
without an adjustment) or REJECTED (with a reason). Resolved and rejected
inquiries are final. Every step appends a message to the thread.
"""

from __future__ import annotations

import contextlib

import strawberry
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.commissions import CommissionInquiry, CommissionInquiryMessage, InquiryStatus
from resolvers.mutation import Outcome, check_version, decode_id, reject
from schema.errors import ErrorCode, UserError
from schema.permissions import require_viewer
from schema.types.commissions import CommissionInquiry as InquiryType

OPEN_STATES = (InquiryStatus.OPEN, InquiryStatus.ANSWERED)


@strawberry.type
class CommissionInquiryPayload:
    inquiry: InquiryType | None = None
    user_errors: list[UserError]


async def inquiry_for_update(
    session: AsyncSession, global_id: relay.GlobalID, version: int
) -> CommissionInquiry:
    inquiry = await session.get(
        CommissionInquiry, decode_id(global_id, "CommissionInquiry"), with_for_update=True
    )
    if inquiry is None:
        raise reject(ErrorCode.NOT_FOUND, "No CommissionInquiry with this id.", ["input", "id"])
    check_version(inquiry, version)
    if inquiry.status not in OPEN_STATES:
        raise reject(
            ErrorCode.INVALID_STATE,
            f"This inquiry is {inquiry.status.value.lower()}.",
            ["input", "id"],
        )
    return inquiry


def add_message(
    info: strawberry.Info,
    session: AsyncSession,
    inquiry: CommissionInquiry,
    kind: str,
    message: str,
    attachment_ref: str | None = None,
) -> None:
    inquiry.updated_at = func.now()  # every step bumps the inquiry's version
    session.add(
        CommissionInquiryMessage(
            inquiry_id=inquiry.id,
            author_id=require_viewer(info).user_id,
            kind=kind,
            message=message,
            attachment_ref=attachment_ref,
        )
    )


def inquiry_payload(
    info: strawberry.Info, outcome: Outcome[CommissionInquiry]
) -> CommissionInquiryPayload:
    if outcome.value is None:
        return CommissionInquiryPayload(user_errors=outcome.errors)
    loaders = info.context.loaders.commissions
    for loader in (loaders.inquiry_by_id, loaders.messages_by_inquiry_id):
        with contextlib.suppress(KeyError):  # strawberry raises for a key it never cached
            loader.clear(outcome.value.id)
    return CommissionInquiryPayload(inquiry=InquiryType.from_row(outcome.value), user_errors=[])
