"""``reviseCommissionPlan`` (OPS, FINANCE): a new version of a plan from a date (see
``services.commissions.plans.revise_plan``)."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.commissions.mutations.create_commission_plan import (
    draft,
    plan_mutation,
)
from resolvers.commissions.plan_inputs import CommissionComponentInput
from resolvers.mutation import Arguments, EditInput, command, key, later
from services.commissions.plans import RevisePlan, revise_plan


@strawberry.input
class ReviseCommissionPlanInput(EditInput):
    effective_from: date
    components: list[CommissionComponentInput]
    effective_to: date | None = None
    name: str | None = strawberry.field(
        default=None, description="The version's name; the plan's by default."
    )


@plan_mutation(revise_plan)
def revise_commission_plan(input: ReviseCommissionPlanInput) -> Arguments:
    plan = key(input.id, "CommissionPlan")
    return (command(RevisePlan, input, plan_id=plan, draft=later(draft, input)),)
