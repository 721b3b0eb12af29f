"""``reviseCommissionPlan`` (OPS, FINANCE): a new version of a plan from a date (see
``services.commissions.plans.revise_plan``)."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.commissions.mutations.create_commission_plan import (
    draft,
    effective_to_field,
    plan_mutation,
)
from resolvers.commissions.plan_inputs import CommissionComponentInput
from resolvers.mutation import Arguments, EditInput, command, key, later
from services.commissions.plans import RevisePlan, revise_plan


@strawberry.input(
    description="A new version of a plan from a date, at the plan's version read. The latest "
    "version, if still in force then, now ends the day before; any other overlap is "
    "OVERLAPPING_VERSIONS."
)
class ReviseCommissionPlanInput(EditInput):
    effective_from: date
    """The first day the new version governs credits: after the latest version starts, and in an
    open period (else PERIOD_CLOSED)."""
    components: list[CommissionComponentInput]
    """The new version's rules, each one component (they replace the previous version's from
    `effectiveFrom`)."""
    effective_to: date | None = effective_to_field()
    name: str | None = None
    """The version's name; the plan's by default."""
    holds_until_invoice_paid: bool | None = None
    """True: while the new version governs, commission on a deal is held until the deal's
    invoice is marked paid; null (the default): as the latest version."""


@plan_mutation(revise_plan)
def revise_commission_plan(input: ReviseCommissionPlanInput) -> Arguments:
    plan = key(input.id, "CommissionPlan")
    return (command(RevisePlan, input, plan_id=plan, draft=later(draft, input)),)
