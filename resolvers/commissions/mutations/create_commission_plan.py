"""``createCommissionPlan`` (OPS, FINANCE): a plan and its first version."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import strawberry

from db.models.commissions import CommissionPeriodKind, CommissionPlan
from resolvers.commissions.plan_inputs import CommissionComponentInput, components_from_input
from resolvers.mutation import (
    create_once,
    idempotency_key_field,
    payload_of,
    payload_type,
    perform,
)
from schema.scalars import CurrencyCode
from schema.text_limits import IdempotencyKey
from schema.types.commissions import CommissionPeriodKind as PeriodKindEnum
from schema.types.commissions import CommissionPlan as CommissionPlanType
from services.commissions.plans import CreatePlan, Draft, create_plan
from services.refusal import Code, Refusal

if TYPE_CHECKING:
    from resolvers.commissions.mutations.revise_commission_plan import ReviseCommissionPlanInput

DATES_ORDERED = {
    "ck_commission_plan_versions_dates_ordered": Refusal(
        Code.INVALID, "A version cannot end before it starts.", ("input", "effectiveTo")
    )
}


@strawberry.input
class CreateCommissionPlanInput:
    name: str
    currency: CurrencyCode
    effective_from: date
    components: list[CommissionComponentInput]
    effective_to: date | None = None
    period_kind: PeriodKindEnum | None = strawberry.field(  # type: ignore[valid-type]
        default=None,
        description="The fiscal calendar's period kind by default (and it must match it).",
    )
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


CommissionPlanPayload = payload_type("CommissionPlanPayload", CommissionPlanType, "plan")


def draft(input: CreateCommissionPlanInput | ReviseCommissionPlanInput) -> Draft:
    """The version an input describes (its dates are checked before its components)."""
    return Draft(input.effective_from, input.effective_to, components_from_input(input.components))


async def create_commission_plan(
    info: strawberry.Info, input: CreateCommissionPlanInput
) -> CommissionPlanPayload:
    outcome = await perform(
        info,
        lambda session, actor, now: create_plan(
            session,
            actor,
            now,
            CreatePlan(
                name=input.name,
                currency=input.currency,
                draft=draft(input),
                period_kind=CommissionPeriodKind(input.period_kind.value)
                if input.period_kind
                else None,
            ),
        ),
        constraint_errors={
            "uq_commission_plans_name": Refusal(
                Code.ALREADY_EXISTS, "A plan with this name exists.", ("input", "name")
            ),
            **DATES_ORDERED,
        },
        idempotent=create_once("createCommissionPlan", input, CommissionPlan),
    )
    return payload_of(CommissionPlanPayload, outcome, "plan", CommissionPlanType.from_row)
