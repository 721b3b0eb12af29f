"""``assignCommissionPlan`` (OPS, FINANCE): put a rep on a plan for a span of dates.

A rep's assignments never overlap (``OVERLAPPING_ASSIGNMENTS``, checked here and
by a trigger), and none may start inside a closed period (``PERIOD_CLOSED``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

import commissions as engine
from db.models.commissions import CommissionAssignment, CommissionPlan
from db.queries import commissions as queries
from schema.text_limits import IdempotencyKey
from resolvers.audit import audit_change
from resolvers.commissions.calendar import load_closed
from resolvers.commissions.errors import refused
from resolvers.commissions.rep_plans import engine_assignment
from resolvers.mutation import IdempotentCreate, atomically, decode_id, reject
from services.people.rules import active_user
from schema.errors import ErrorCode, UserError, user_error
from schema.permissions import require_viewer
from schema.types.commissions import CommissionAssignment as AssignmentType


@strawberry.input
class AssignCommissionPlanInput:
    rep_id: relay.GlobalID
    plan_id: relay.GlobalID
    start: date
    quota: Decimal = strawberry.field(description="Per period, in the plan's currency.")
    end: date | None = None
    on_target_earnings: Decimal | None = None
    idempotency_key: IdempotencyKey | None = None


@strawberry.type
class AssignCommissionPlanPayload:
    assignment: AssignmentType | None = None
    user_errors: list[UserError]


async def assign_commission_plan(
    info: strawberry.Info, input: AssignCommissionPlanInput
) -> AssignCommissionPlanPayload:
    currency: dict[str, str] = {}

    async def work(session: AsyncSession) -> CommissionAssignment:
        rep_field = ["input", "repId"]
        rep = await active_user(session, decode_id(input.rep_id, "User", rep_field), rep_field)
        plan = await session.get(
            CommissionPlan, decode_id(input.plan_id, "CommissionPlan", ["input", "planId"])
        )
        if plan is None:
            raise reject(
                ErrorCode.NOT_FOUND, "No CommissionPlan with this id.", ["input", "planId"]
            )
        currency["code"] = plan.currency
        if input.quota < 0:
            raise reject(ErrorCode.INVALID, "A quota cannot be negative.", ["input", "quota"])
        if input.on_target_earnings is not None and input.on_target_earnings <= 0:
            raise reject(
                ErrorCode.INVALID, "On-target earnings are above 0.", ["input", "onTargetEarnings"]
            )
        if input.end is not None and input.end < input.start:
            raise reject(
                ErrorCode.INVALID, "An assignment cannot end before it starts.", ["input", "end"]
            )
        closed = await load_closed(session)
        if closed.ranges and input.start <= closed.ranges[-1][1]:
            raise reject(
                ErrorCode.PERIOD_CLOSED,
                f"Periods up to {closed.ranges[-1][1].isoformat()} are closed; start later.",
                ["input", "start"],
            )
        row = CommissionAssignment(
            rep_id=rep.id,
            plan_id=plan.id,
            start_date=input.start,
            end_date=input.end,
            quota=input.quota,
            on_target_earnings=input.on_target_earnings,
            created_by_id=require_viewer(info).user_id,
        )
        existing = await queries.assignments_of_rep(session, rep.id)
        problems = engine.validate_assignments(
            [*(engine_assignment(a) for a in existing), engine_assignment_for(row)]
        )
        if problems:
            raise refused(problems)
        session.add(row)
        await audit_change(info, session, "assignCommissionPlan", row)
        return row

    outcome = await atomically(
        info,
        work,
        constraint_errors={
            "commission_assignments_no_overlap": user_error(
                ErrorCode.OVERLAPPING_ASSIGNMENTS,
                "The rep is on another plan in these dates.",
                ["input", "start"],
            )
        },
        idempotent=IdempotentCreate(
            operation="assignCommissionPlan",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=CommissionAssignment,
        ),
    )
    if outcome.value is None:
        return AssignCommissionPlanPayload(user_errors=outcome.errors)
    row = outcome.value
    if "code" not in currency:
        plan_row = await info.context.loaders.commissions.plan_by_id.load(row.plan_id)
        currency["code"] = plan_row.currency
    return AssignCommissionPlanPayload(
        assignment=AssignmentType.from_row(row, currency["code"]), user_errors=[]
    )


def engine_assignment_for(row: CommissionAssignment) -> engine.Assignment:
    return engine.Assignment(
        "new",
        str(row.rep_id),
        str(row.plan_id),
        row.start_date,
        row.end_date,
        row.quota,
        row.on_target_earnings,
    )
