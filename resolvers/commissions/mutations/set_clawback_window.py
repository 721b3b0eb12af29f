"""``setCommissionPlanClawbackWindow`` (OPS, FINANCE): how long after a rep leaves their
returns still claw back, on an existing plan."""

from __future__ import annotations

import strawberry

from resolvers.mutation import Arguments, EditInput, command, key, mutation
from schema.types.commissions import CommissionPlan
from services.commissions.leaver_window import SetClawbackWindow, set_clawback_window


@strawberry.input(
    description="A plan's clawback window for reps who leave, at the plan's version read. It "
    "applies to reversals written from now on; clawbacks already written stay."
)
class SetCommissionPlanClawbackWindowInput(EditInput):
    clawback_window_days: int | None = None
    """Days after a rep's last day in which a return or refund still claws back (0 to 3660,
    else INVALID); null (the default): no window, every return claws back."""


@mutation(set_clawback_window, CommissionPlan, field="plan")
def set_commission_plan_clawback_window(input: SetCommissionPlanClawbackWindowInput) -> Arguments:
    """The plan, the version read and the window."""
    return (command(SetClawbackWindow, input, plan_id=key(input.id, "CommissionPlan")),)
