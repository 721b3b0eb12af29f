"""``setCommissionCalendar`` (FINANCE): the fiscal calendar periods follow;
fixed once a period exists."""

from __future__ import annotations

import strawberry

from db.models.commissions import CommissionCalendar as CalendarRow
from db.models.commissions import CommissionPeriodKind
from resolvers.mutation import payload_of, payload_type, perform
from schema.types.commissions import CommissionCalendar
from schema.types.commissions import CommissionPeriodKind as PeriodKindEnum
from services.commissions.periods import SetCalendar, set_calendar


@strawberry.input(
    description="The fiscal calendar commission periods follow; it is fixed once a period exists."
)
class SetCommissionCalendarInput:
    first_month: int
    """The month (1-12) the fiscal year starts in."""
    period_kind: PeriodKindEnum  # type: ignore[valid-type]
    """How long one commission period is."""
    named_by_end_year: bool = True
    """true (the default): a fiscal year is named by the calendar year it ends in (FY2027 starts in
    2026 when the year starts after January); false: by the year it starts in."""


SetCommissionCalendarPayload = payload_type(
    "SetCommissionCalendarPayload",
    CommissionCalendar,
    "calendar",
    "setCommissionCalendar",
    holds="The fiscal calendar as it stands after the change",
)


def calendar_type(row: CalendarRow) -> CommissionCalendar:
    return CommissionCalendar(
        first_month=row.first_month,
        named_by_end_year=row.named_by_end_year,
        period_kind=row.period_kind,
    )


async def set_commission_calendar(
    info: strawberry.Info, input: SetCommissionCalendarInput
) -> SetCommissionCalendarPayload:
    command = SetCalendar(
        input.first_month, CommissionPeriodKind(input.period_kind.value), input.named_by_end_year
    )
    outcome = await perform(info, set_calendar, command)
    return payload_of(SetCommissionCalendarPayload, outcome, "calendar", calendar_type)
