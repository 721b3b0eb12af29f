"""``retireDiscountSchedule`` (OPS): the schedule stops applying; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, key, mutation
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


@mutation(RetireDiscountSchedulePayload, discount_schedules.retire_discount_schedule)
def retire_discount_schedule(input: RetireDiscountScheduleInput) -> Arguments:
    return key(input.id, "DiscountSchedule"), input.version
