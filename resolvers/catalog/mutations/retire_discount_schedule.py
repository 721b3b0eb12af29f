"""``retireDiscountSchedule`` (OPS): the schedule stops applying; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import decode_id, mutate
from schema.errors import UserError
from schema.types.price_books import DiscountSchedule
from services.catalog import discount_schedules


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
    return await mutate(
        info,
        RetireDiscountSchedulePayload,
        "discount_schedule",
        DiscountSchedule.from_row,
        lambda session, actor, now: discount_schedules.retire_discount_schedule(
            session, actor, now, decode_id(input.id, "DiscountSchedule"), input.version
        ),
    )
