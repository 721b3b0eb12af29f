"""``retireDiscountSchedule`` (OPS): the schedule stops applying; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.pricing_rules import DiscountSchedule as ScheduleRow
from resolvers.catalog.rules import retire
from resolvers.mutation import atomically
from schema.errors import UserError
from schema.types.price_books import DiscountSchedule


@strawberry.input
class RetireDiscountScheduleInput:
    id: relay.GlobalID
    version: int


@strawberry.type
class RetireDiscountSchedulePayload:
    discount_schedule: DiscountSchedule | None = None
    user_errors: list[UserError]


async def retire_discount_schedule(
    info: strawberry.Info, input: RetireDiscountScheduleInput
) -> RetireDiscountSchedulePayload:
    async def work(session: AsyncSession) -> ScheduleRow:
        return await retire(info, session, ScheduleRow, input.id, input.version, "retireDiscountSchedule")

    outcome = await atomically(info, work)
    return RetireDiscountSchedulePayload(
        discount_schedule=DiscountSchedule.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
