"""``reviseCommissionPlan`` (OPS, FINANCE): a new version of a plan from a date (see
``services.commissions.plans.revise_plan``)."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay

from resolvers.commissions.mutations.create_commission_plan import (
    DATES_ORDERED,
    CommissionPlanPayload,
    draft,
)
from resolvers.commissions.plan_inputs import CommissionComponentInput
from resolvers.mutation import decode_id, payload_of, perform, version_field
from schema.types.commissions import CommissionPlan as CommissionPlanType
from services.commissions.plans import RevisePlan, revise_plan
from services.refusal import Code, Refusal


@strawberry.input
class ReviseCommissionPlanInput:
    id: relay.GlobalID
    version: int = version_field()
    effective_from: date
    components: list[CommissionComponentInput]
    effective_to: date | None = None
    name: str | None = strawberry.field(
        default=None, description="The version's name; the plan's by default."
    )


async def revise_commission_plan(
    info: strawberry.Info, input: ReviseCommissionPlanInput
) -> CommissionPlanPayload:
    outcome = await perform(
        info,
        lambda session, actor, now: revise_plan(
            session,
            actor,
            now,
            RevisePlan(
                plan_id=decode_id(input.id, "CommissionPlan"),
                version=input.version,
                draft=draft(input),
                name=input.name,
            ),
        ),
        constraint_errors={
            "commission_plan_versions_no_overlap": Refusal(
                Code.OVERLAPPING_VERSIONS,
                "Plan versions may not overlap.",
                ("input", "effectiveFrom"),
            ),
            **DATES_ORDERED,
        },
    )
    return payload_of(CommissionPlanPayload, outcome, "plan", CommissionPlanType.from_row)
