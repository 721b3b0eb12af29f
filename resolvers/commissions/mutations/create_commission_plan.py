"""``createCommissionPlan`` (OPS, FINANCE): a plan and its first version."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import strawberry

from db.models.commissions import CommissionPeriodKind
from resolvers.commissions.plan_inputs import CommissionComponentInput, components_from_input
from resolvers.mutation import (
    Arguments,
    command,
    idempotency_key_field,
    later,
    mutations_sharing,
)
from schema.scalars import CurrencyCode
from schema.text_limits import IdempotencyKey
from schema.types.commissions import CommissionPeriodKind as PeriodKindEnum
from schema.types.commissions import CommissionPlan as CommissionPlanType
from services.commissions.plans import CreatePlan, Draft, create_plan
from services.refusal import Code, Refusal

if TYPE_CHECKING:
    from resolvers.commissions.mutations.revise_commission_plan import ReviseCommissionPlanInput


def effective_to_field() -> Any:
    return strawberry.field(
        default=None,
        description="The last day the version governs credits (inclusive), not before "
        "`effectiveFrom` (else INVALID); null (the default): open-ended.",
    )


PLAN_CONSTRAINTS = {
    "uq_commission_plans_name": Refusal(
        Code.ALREADY_EXISTS, "A plan with this name exists.", ("input", "name")
    ),
    "commission_plan_versions_no_overlap": Refusal(
        Code.OVERLAPPING_VERSIONS, "Plan versions may not overlap.", ("input", "effectiveFrom")
    ),
    "ck_commission_plan_versions_dates_ordered": Refusal(
        Code.INVALID, "A version cannot end before it starts.", ("input", "effectiveTo")
    ),
}
"""The plan tables' rules a create or a revision may break, as the refusals they make."""


@strawberry.input(
    description="A new commission plan and its first version: its rules (components) in "
    "force from `effectiveFrom` through `effectiveTo`."
)
class CreateCommissionPlanInput:
    name: str
    """The plan's name, unique among plans (else ALREADY_EXISTS)."""
    currency: CurrencyCode
    """The currency of the plan's amounts: quotas, caps, awards, payouts."""
    effective_from: date
    """The first day the first version governs credits."""
    components: list[CommissionComponentInput]
    """The version's rules, each one component; problems in any of them are reported together, each
    naming its field."""
    effective_to: date | None = effective_to_field()
    period_kind: PeriodKindEnum | None = None  # type: ignore[valid-type]
    """The fiscal calendar's period kind by default (and it must match it)."""
    clawback_window_days: int | None = None
    """For reps who leave: a return or refund up to this many days (0 to 3660, else INVALID)
    after their last day still claws back, a later one does not. Null (the default): every
    return claws back, whenever it comes."""
    holds_until_invoice_paid: bool = False
    """True: while this first version governs, commission on a deal is held until the deal's
    invoice is marked paid (`markInvoicePaid`). False by default."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


def draft(input: CreateCommissionPlanInput | ReviseCommissionPlanInput) -> Draft:
    """The version an input describes (its dates are checked before its components)."""
    return Draft(input.effective_from, input.effective_to, components_from_input(input.components))


plan_mutation = mutations_sharing(
    "CommissionPlanPayload",
    CommissionPlanType,
    "plan",
    "createCommissionPlan",
    "reviseCommissionPlan",
    constraint_errors=PLAN_CONSTRAINTS,
)
"""``@mutation`` returning the plan mutations' ``CommissionPlanPayload``."""


@plan_mutation(create_plan)
def create_commission_plan(input: CreateCommissionPlanInput) -> Arguments:
    kind = None if input.period_kind is None else CommissionPeriodKind(input.period_kind.value)
    return (command(CreatePlan, input, draft=later(draft, input), period_kind=kind),)
