"""``retireDiscountSchedule`` (OPS): the schedule stops applying; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.pricing_rules import DiscountSchedule as ScheduleRow
from db.queries.audit import snapshot
from resolvers.audit import audit_change
from resolvers.mutation import atomically, check_version, decode_id, reject
from schema.errors import ErrorCode, UserError
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
        row = await session.get(
            ScheduleRow, decode_id(input.id, "DiscountSchedule"), with_for_update=True
        )
        if row is None:
            raise reject(ErrorCode.NOT_FOUND, "No DiscountSchedule with this id.", ["input", "id"])
        check_version(row, input.version)
        if not row.active:
            raise reject(
                ErrorCode.INVALID_STATE, f"{row.name} is already retired.", ["input", "id"]
            )
        before = snapshot(row)
        row.active = False
        await audit_change(info, session, "retireDiscountSchedule", row, before)
        return row

    outcome = await atomically(info, work)
    return RetireDiscountSchedulePayload(
        discount_schedule=DiscountSchedule.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
