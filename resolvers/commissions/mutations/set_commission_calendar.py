"""``setCommissionCalendar`` (FINANCE): the fiscal calendar periods follow;
fixed once a period exists."""

from __future__ import annotations

import strawberry

from db.models.commissions import CommissionPeriodKind
from resolvers.mutation import Arguments, mutation, payload_type
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


@mutation(
    set_calendar,
    CommissionCalendar,
    field="calendar",
    payload=SetCommissionCalendarPayload,
)
def set_commission_calendar(input: SetCommissionCalendarInput) -> Arguments:
    kind = CommissionPeriodKind(input.period_kind.value)
    return (SetCalendar(input.first_month, kind, input.named_by_end_year),)
