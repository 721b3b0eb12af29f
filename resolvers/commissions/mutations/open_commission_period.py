"""``openCommissionPeriod`` (FINANCE): open the period (of the fiscal
calendar) containing a date."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.mutation import Arguments, mutation, payload_type
from schema.types.commissions import CommissionPeriod
from services.commissions.periods import open_period
from services.refusal import Code, Refusal

EXISTS = Refusal(Code.ALREADY_EXISTS, "This period is already open or closed.", ("input", "day"))


@strawberry.input(
    description="Which period of the fiscal calendar to open: the one containing `day`."
)
class OpenCommissionPeriodInput:
    day: date
    """Any day of the period to open."""


@mutation(
    open_period,
    CommissionPeriod,
    field="period",
    payload=payload_type(
        "CommissionPeriodPayload", CommissionPeriod, "period", "openCommissionPeriod"
    ),
    constraint_errors={
        "uq_commission_periods_start_date": EXISTS,
        "uq_commission_periods_label": EXISTS,
    },
)
def open_commission_period(input: OpenCommissionPeriodInput) -> Arguments:
    return (input.day,)
