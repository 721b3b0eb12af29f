"""``createCommissionPlan`` (OPS, FINANCE): a plan and its first version."""

from __future__ import annotations

from datetime import date

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.models.commissions import CommissionPeriodKind, CommissionPlan, CommissionPlanVersion
from schema.text_limits import IdempotencyKey
from resolvers.audit import audit_change
from resolvers.commissions.calendar import load_calendar
from resolvers.commissions.codec import component_json
from resolvers.commissions.errors import refused
from resolvers.commissions.plan_inputs import (
    CommissionComponentInput,
    check_effective_dates,
    components_from_input,
)
from resolvers.mutation import IdempotentCreate, atomically, reject
from services.validation import required_text
from schema.errors import ErrorCode, UserError, user_error
from schema.permissions import require_viewer
from schema.scalars import CurrencyCode
from schema.types.commissions import CommissionPeriodKind as PeriodKindEnum
from schema.types.commissions import CommissionPlan as CommissionPlanType


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
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CommissionPlanPayload:
    plan: CommissionPlanType | None = None
    user_errors: list[UserError]


def plan_version(
    plan: CommissionPlan,
    number: int,
    name: str,
    start: date,
    end: date | None,
    components: tuple[engine.Component, ...],
) -> engine.PlanVersion:
    return engine.PlanVersion(
        str(plan.id),
        number,
        name,
        start,
        end,
        plan.currency,
        engine.PeriodKind(plan.period_kind.value),
        components,
    )


async def create_commission_plan(
    info: strawberry.Info, input: CreateCommissionPlanInput
) -> CommissionPlanPayload:
    async def work(session: AsyncSession) -> CommissionPlan:
        name = required_text(input.name, ["input", "name"], max_length=200)
        check_effective_dates(input.effective_from, input.effective_to)
        setting = await load_calendar(session)
        kind = (
            CommissionPeriodKind(input.period_kind.value)
            if input.period_kind
            else CommissionPeriodKind(setting.period_kind.value)
        )
        if kind.value != setting.period_kind.value:
            raise reject(
                ErrorCode.INVALID,
                f"Commission periods are {setting.period_kind.value.lower()}ly (the fiscal calendar setting).",
                ["input", "periodKind"],
            )
        components = await components_from_input(session, input.components)
        plan = CommissionPlan(
            name=name,
            currency=input.currency,
            period_kind=kind,
            created_by_id=require_viewer(info).user_id,
        )
        session.add(plan)
        await session.flush()
        problems = engine.validate_plan_versions(
            [plan_version(plan, 1, name, input.effective_from, input.effective_to, components)]
        )
        if problems:
            raise refused(problems)
        session.add(
            CommissionPlanVersion(
                plan_id=plan.id,
                number=1,
                name=name,
                effective_from=input.effective_from,
                effective_to=input.effective_to,
                components=[component_json(c) for c in components],
                created_by_id=plan.created_by_id,
            )
        )
        await audit_change(info, session, "createCommissionPlan", plan)
        return plan

    outcome = await atomically(
        info,
        work,
        constraint_errors={
            "uq_commission_plans_name": user_error(
                ErrorCode.ALREADY_EXISTS, "A plan with this name exists.", ["input", "name"]
            ),
            "ck_commission_plan_versions_dates_ordered": user_error(
                ErrorCode.INVALID,
                "A version cannot end before it starts.",
                ["input", "effectiveTo"],
            ),
        },
        idempotent=IdempotentCreate(
            operation="createCommissionPlan",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=CommissionPlan,
        ),
    )
    return CommissionPlanPayload(
        plan=CommissionPlanType.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
