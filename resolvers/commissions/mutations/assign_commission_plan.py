"""``assignCommissionPlan`` (OPS, FINANCE): put a rep on a plan for a span of dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay

import commissions as engine
from db.models.commissions import CommissionAssignment
from resolvers.mutation import (
    command,
    create_once,
    idempotency_key_field,
    key,
    later,
    payload_type,
    payload_with,
    perform,
)
from schema.text_limits import IdempotencyKey
from schema.types.commissions import CommissionAssignment as AssignmentType
from services.commissions.plans import assign_plan
from services.refusal import Code, Refusal


@strawberry.input(
    description="A rep on a plan from `start` through `end`, with a quota; a rep is on at "
    "most one plan on any day (else OVERLAPPING_ASSIGNMENTS)."
)
class AssignCommissionPlanInput:
    rep_id: relay.GlobalID
    """The global ID of the rep (an active `User`)."""
    plan_id: relay.GlobalID
    """The global ID of the plan (from `CommissionPlan.id`)."""
    start: date
    """The first day on the plan; in an open period (closed ones never change)."""
    quota: Decimal
    """Per period of the plan's period kind, in the plan's currency; not negative."""
    end: date | None = None
    """The last day on the plan (inclusive), not before `start`; null (the default): open-ended."""
    on_target_earnings: Decimal | None = None
    """What the rep earns per period at 100 % of quota, in the plan's currency; above 0. Null (the
    default): not stated."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


AssignCommissionPlanPayload = payload_type(
    "AssignCommissionPlanPayload",
    AssignmentType,
    "assignment",
    "assignCommissionPlan",
    holds="The new assignment",
)


async def assign_commission_plan(
    info: strawberry.Info, input: AssignCommissionPlanInput
) -> AssignCommissionPlanPayload:
    outcome = await perform(
        info,
        assign_plan,
        command(
            engine.Assignment,
            input,
            assignment_id="new",
            rep_id=later(str, key(input.rep_id, "User", "repId")),
            plan_id=later(str, key(input.plan_id, "CommissionPlan", "planId")),
        ),
        constraint_errors=no_overlap("start"),
        idempotent=create_once("assignCommissionPlan", input, CommissionAssignment),
    )
    return await payload_with(AssignCommissionPlanPayload, outcome, lambda row: assigned(info, row))


def no_overlap(field: str) -> dict[str, Refusal]:
    """The database's refusal of a rep on two plans on one day, on the input's ``field``."""
    return {
        "commission_assignments_no_overlap": Refusal(
            Code.OVERLAPPING_ASSIGNMENTS,
            "The rep is on another plan in these dates.",
            ("input", field),
        )
    }


async def assigned(info: strawberry.Info, row: CommissionAssignment) -> dict[str, Any]:
    plan = await info.context.loaders.commissions.plan_by_id.load(row.plan_id)
    return {"assignment": AssignmentType.from_row(row, plan.currency)}
