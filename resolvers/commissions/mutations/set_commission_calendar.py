"""``setCommissionCalendar`` (FINANCE): the fiscal calendar periods follow; fixed once a period exists."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.commissions import CommissionCalendar as CalendarRow
from db.models.commissions import CommissionPeriodKind
from db.queries import commissions as queries
from resolvers.audit import audit_change
from resolvers.mutation import atomically, reject
from schema.errors import ErrorCode, UserError
from schema.types.commissions import CommissionCalendar
from schema.types.commissions import CommissionPeriodKind as PeriodKindEnum


@strawberry.input
class SetCommissionCalendarInput:
    first_month: int = strawberry.field(description="The month (1-12) the fiscal year starts in.")
    period_kind: PeriodKindEnum  # type: ignore[valid-type]
    named_by_end_year: bool = True


@strawberry.type
class SetCommissionCalendarPayload:
    calendar: CommissionCalendar | None = None
    user_errors: list[UserError]


def calendar_type(row: CalendarRow) -> CommissionCalendar:
    return CommissionCalendar(
        first_month=row.first_month,
        named_by_end_year=row.named_by_end_year,
        period_kind=row.period_kind,
    )


async def set_commission_calendar(
    info: strawberry.Info, input: SetCommissionCalendarInput
) -> SetCommissionCalendarPayload:
    async def work(session: AsyncSession) -> CalendarRow:
        if not 1 <= input.first_month <= 12:
            raise reject(ErrorCode.INVALID, "A month is 1 to 12.", ["input", "firstMonth"])
        if input.period_kind.value == "YEAR":
            raise reject(
                ErrorCode.INVALID,
                "Commission periods are monthly or quarterly.",
                ["input", "periodKind"],
            )
        if await queries.period_count(session):
            raise reject(
                ErrorCode.INVALID_STATE,
                "Periods were opened on the current calendar; it can no longer change.",
                ["input"],
            )
        row = await session.get(CalendarRow, 1, with_for_update=True)
        if row is None:
            row = CalendarRow(
                id=1, first_month=input.first_month, period_kind=CommissionPeriodKind.QUARTER
            )
            session.add(row)
        row.first_month = input.first_month
        row.named_by_end_year = input.named_by_end_year
        row.period_kind = CommissionPeriodKind(input.period_kind.value)
        await audit_change(info, session, "setCommissionCalendar", row)
        return row

    outcome = await atomically(info, work)
    return SetCommissionCalendarPayload(
        calendar=calendar_type(outcome.value) if outcome.value else None, user_errors=outcome.errors
    )
