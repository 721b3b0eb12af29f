"""``closeCommissionPeriod`` (FINANCE): lock the period's credits and produce every rep's statement."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.commissions import CommissionPeriod as PeriodRow
from db.models.commissions import CommissionPeriodStatus
from db.queries.audit import snapshot
from db.queries.timeouts import allow_long_statements
from resolvers.audit import audit_change
from resolvers.commissions.calendar import load_calendar
from resolvers.commissions.closing import CloseResult, close_period
from schema.deadline import extend_deadline
from resolvers.mutation import atomically, check_version, decode_id, reject
from schema.errors import ErrorCode, UserError
from schema.permissions import require_viewer
from schema.types.commissions import CommissionPeriod, CommissionProblem


@strawberry.input
class CloseCommissionPeriodInput:
    id: relay.GlobalID
    version: int


@strawberry.type
class SkippedRep:
    rep_id: relay.GlobalID
    problems: list[CommissionProblem]


@strawberry.type
class CloseCommissionPeriodPayload:
    period: CommissionPeriod | None = None
    statement_count: int = 0
    skipped: list[SkippedRep] = strawberry.field(
        default_factory=list, description="Reps whose period could not be computed (no statement)."
    )
    user_errors: list[UserError]


async def close_commission_period(
    info: strawberry.Info, input: CloseCommissionPeriodInput
) -> CloseCommissionPeriodPayload:
    result: dict[str, CloseResult] = {}

    async def work(session: AsyncSession) -> PeriodRow:
        row = await session.get(
            PeriodRow, decode_id(input.id, "CommissionPeriod"), with_for_update=True
        )
        if row is None:
            raise reject(ErrorCode.NOT_FOUND, "No CommissionPeriod with this id.", ["input", "id"])
        check_version(row, input.version)
        if row.status is CommissionPeriodStatus.CLOSED:
            raise reject(
                ErrorCode.PERIOD_CLOSED, f"{row.label} is already closed.", ["input", "id"]
            )
        before = snapshot(row)
        # A close computes every rep's period (100,000 credits in the bench): let it run.
        long = info.context.config.long_operation_seconds
        extend_deadline(info.context.request, long)
        await allow_long_statements(session, long)
        result["close"] = await close_period(
            session, row, await load_calendar(session), require_viewer(info).user_id
        )
        await audit_change(info, session, "closeCommissionPeriod", row, before)
        return row

    outcome = await atomically(info, work)
    if outcome.value is None:
        return CloseCommissionPeriodPayload(user_errors=outcome.errors)
    closed = result["close"]
    return CloseCommissionPeriodPayload(
        period=CommissionPeriod.from_row(outcome.value),
        statement_count=closed.statements,
        skipped=[
            SkippedRep(
                rep_id=relay.GlobalID("User", str(rep)),
                problems=[CommissionProblem.of(p) for p in problems],
            )
            for rep, problems in closed.skipped
        ],
        user_errors=[],
    )
