"""``openCommissionPeriod`` (FINANCE): open the period (of the fiscal
calendar) containing a date."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.mutation import payload_of, payload_type, perform
from schema.types.commissions import CommissionPeriod
from services.commissions.periods import open_period
from services.refusal import Code, Refusal

EXISTS = Refusal(Code.ALREADY_EXISTS, "This period is already open or closed.", ("input", "day"))


@strawberry.input
class OpenCommissionPeriodInput:
    day: date = strawberry.field(description="Any day of the period to open.")


CommissionPeriodPayload = payload_type("CommissionPeriodPayload", CommissionPeriod, "period")


async def open_commission_period(
    info: strawberry.Info, input: OpenCommissionPeriodInput
) -> CommissionPeriodPayload:
    outcome = await perform(
        info,
        open_period,
        input.day,
        constraint_errors={
            "uq_commission_periods_start_date": EXISTS,
            "uq_commission_periods_label": EXISTS,
        },
    )
    return payload_of(CommissionPeriodPayload, outcome, "period", CommissionPeriod.from_row)
