"""The inquiry mutations' shared payload and step (``services.commissions.inquiries`` holds the workflow)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.actor import Actor
from db.models.commissions import CommissionInquiry
from resolvers.commissions.running import forget, payload_type, run
from resolvers.mutation import Outcome, decode_id, payload_of
from schema.types.commissions import CommissionInquiry as InquiryType
from services.commissions.inquiries import InquiryStep
from services.refusal import Refusal

CommissionInquiryPayload = payload_type("CommissionInquiryPayload", "inquiry", InquiryType)


def inquiry_payload(
    info: strawberry.Info, outcome: Outcome[CommissionInquiry]
) -> CommissionInquiryPayload:
    if outcome.value is not None:
        loaders = info.context.loaders.commissions
        forget((loaders.inquiry_by_id, loaders.messages_by_inquiry_id), outcome.value.id)
    return payload_of(CommissionInquiryPayload, outcome, "inquiry", InquiryType.from_row)


async def take_step(
    info: strawberry.Info,
    use_case: Callable[[AsyncSession, Actor, datetime, InquiryStep], Awaitable[CommissionInquiry]],
    inquiry_id: relay.GlobalID,
    make: Callable[[int], InquiryStep],
    constraint_refusals: Mapping[str, Refusal] | None = None,
) -> CommissionInquiryPayload:
    """Run FINANCE's step ``make(inquiry id)`` on an inquiry, and its payload."""
    outcome = await run(
        info,
        lambda session, actor, now: use_case(
            session, actor, now, make(decode_id(inquiry_id, "CommissionInquiry"))
        ),
        constraint_refusals=constraint_refusals,
    )
    return inquiry_payload(info, outcome)
