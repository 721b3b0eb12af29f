"""``retireDiscountSchedule`` (OPS): the schedule stops applying; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, key, mutation
from schema.types.price_books import DiscountSchedule
from services.catalog import discount_schedules


@strawberry.input
class RetireDiscountScheduleInput:
    id: relay.GlobalID
    version: int


@mutation(discount_schedules.retire_discount_schedule, DiscountSchedule)
def retire_discount_schedule(input: RetireDiscountScheduleInput) -> Arguments:
    return key(input.id, "DiscountSchedule"), input.version
