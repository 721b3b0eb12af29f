"""``openCommissionPeriod`` (FINANCE): open the period (of the fiscal calendar) containing a date."""

from __future__ import annotations

from datetime import date

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.commissions import CommissionPeriod as PeriodRow
from db.models.commissions import CommissionPeriodKind, CommissionPeriodStatus
from resolvers.audit import audit_change
from resolvers.commissions.calendar import load_calendar
from resolvers.mutation import atomically
from schema.errors import ErrorCode, UserError, user_error
from schema.permissions import require_viewer
from schema.types.commissions import CommissionPeriod


@strawberry.input
class OpenCommissionPeriodInput:
    day: date = strawberry.field(description="Any day of the period to open.")


@strawberry.type
class CommissionPeriodPayload:
    period: CommissionPeriod | None = None
    user_errors: list[UserError]


async def open_commission_period(
    info: strawberry.Info, input: OpenCommissionPeriodInput
) -> CommissionPeriodPayload:
    async def work(session: AsyncSession) -> PeriodRow:
        period = (await load_calendar(session)).period_of(input.day)
        row = PeriodRow(
            kind=CommissionPeriodKind(period.kind.value),
            label=period.label,
            fiscal_year=period.fiscal_year,
            index=period.index,
            start_date=period.start,
            end_date=period.end,
            status=CommissionPeriodStatus.OPEN,
            opened_by_id=require_viewer(info).user_id,
        )
        session.add(row)
        await audit_change(info, session, "openCommissionPeriod", row)
        return row

    exists = user_error(
        ErrorCode.ALREADY_EXISTS, "This period is already open or closed.", ["input", "day"]
    )
    outcome = await atomically(
        info,
        work,
        constraint_errors={
            "uq_commission_periods_start_date": exists,
            "uq_commission_periods_label": exists,
        },
    )
    return CommissionPeriodPayload(
        period=CommissionPeriod.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
