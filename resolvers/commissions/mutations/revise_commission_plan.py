"""``reviseCommissionPlan`` (OPS, FINANCE): a new version of a plan from a date.

The latest version, when it would still be in force on that date, now ends the
day before; every other overlap is refused with ``OVERLAPPING_VERSIONS``. A
revision may not reach back into a closed period (``PERIOD_CLOSED``): a closed
period stays computed with the rules it was closed with.
"""

from __future__ import annotations

from datetime import date, timedelta

import strawberry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

import commissions as engine
from db.models.commissions import CommissionPlan, CommissionPlanVersion
from db.queries.audit import snapshot
from resolvers.audit import audit_change
from resolvers.commissions.calendar import load_closed
from resolvers.commissions.codec import component_from_json, component_json
from resolvers.commissions.errors import refused
from resolvers.commissions.mutations.create_commission_plan import (
    CommissionPlanPayload,
    plan_version,
)
from resolvers.commissions.plan_inputs import (
    CommissionComponentInput,
    check_effective_dates,
    components_from_input,
)
from resolvers.mutation import atomically, check_version, decode_id, reject
from services.validation import optional_text
from schema.errors import ErrorCode, user_error
from schema.permissions import require_viewer
from schema.types.commissions import CommissionPlan as CommissionPlanType


@strawberry.input
class ReviseCommissionPlanInput:
    id: relay.GlobalID
    version: int
    effective_from: date
    components: list[CommissionComponentInput]
    effective_to: date | None = None
    name: str | None = strawberry.field(
        default=None, description="The version's name; the plan's by default."
    )


def _overlaps(row: CommissionPlanVersion, start: date, end: date | None) -> bool:
    return row.effective_from <= (end or date.max) and (row.effective_to or date.max) >= start


async def revise_commission_plan(
    info: strawberry.Info, input: ReviseCommissionPlanInput
) -> CommissionPlanPayload:
    async def work(session: AsyncSession) -> CommissionPlan:
        plan = await session.get(
            CommissionPlan, decode_id(input.id, "CommissionPlan"), with_for_update=True
        )
        if plan is None:
            raise reject(ErrorCode.NOT_FOUND, "No CommissionPlan with this id.", ["input", "id"])
        check_version(plan, input.version)
        before = snapshot(plan)
        start, end = input.effective_from, input.effective_to
        check_effective_dates(start, end)
        closed = await load_closed(session)
        if closed.ranges and start <= closed.ranges[-1][1]:
            raise reject(
                ErrorCode.PERIOD_CLOSED,
                f"Periods up to {closed.ranges[-1][1].isoformat()} are closed; revise from a later date.",
                ["input", "effectiveFrom"],
            )
        versions = list(
            (
                await session.scalars(
                    select(CommissionPlanVersion)
                    .where(CommissionPlanVersion.plan_id == plan.id)
                    .order_by(CommissionPlanVersion.effective_from)
                )
            ).all()
        )
        latest = versions[-1]
        clashing = [v for v in versions if _overlaps(v, start, end)]
        if clashing and not (clashing == [latest] and latest.effective_from < start):
            raise reject(
                ErrorCode.OVERLAPPING_VERSIONS,
                f"Version {clashing[0].number} is in force from {clashing[0].effective_from.isoformat()}; "
                "a revision starts after the latest version starts.",
                ["input", "effectiveFrom"],
            )
        components = await components_from_input(session, input.components)
        number = max(v.number for v in versions) + 1
        name = optional_text(input.name, ["input", "name"], max_length=200) or plan.name
        proposed = [
            plan_version(
                plan,
                v.number,
                v.name,
                v.effective_from,
                start - timedelta(days=1) if v is latest and clashing else v.effective_to,
                tuple(component_from_json(c) for c in v.components),
            )
            for v in versions
        ] + [plan_version(plan, number, name, start, end, components)]
        problems = engine.validate_plan_versions(proposed)
        if problems:
            raise refused(problems)
        if clashing:
            latest.effective_to = start - timedelta(days=1)
            await session.flush()
        session.add(
            CommissionPlanVersion(
                plan_id=plan.id,
                number=number,
                name=name,
                effective_from=start,
                effective_to=end,
                components=[component_json(c) for c in components],
                created_by_id=require_viewer(info).user_id,
            )
        )
        plan.updated_at = func.now()  # a new version is a change of the plan: bumps its version
        await audit_change(info, session, "reviseCommissionPlan", plan, before)
        return plan

    outcome = await atomically(
        info,
        work,
        constraint_errors={
            "commission_plan_versions_no_overlap": user_error(
                ErrorCode.OVERLAPPING_VERSIONS,
                "Plan versions may not overlap.",
                ["input", "effectiveFrom"],
            ),
            "ck_commission_plan_versions_dates_ordered": user_error(
                ErrorCode.INVALID,
                "A version cannot end before it starts.",
                ["input", "effectiveTo"],
            ),
        },
    )
    return CommissionPlanPayload(
        plan=CommissionPlanType.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
