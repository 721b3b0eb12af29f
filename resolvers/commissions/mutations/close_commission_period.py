"""``closeCommissionPeriod`` (FINANCE): lock the period's credits and
produce every rep's statement."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from db.models.commissions import CommissionPeriod as PeriodRow
from resolvers.mutation import (
    empty_list_field,
    key,
    payload,
    payload_with,
    perform,
    user_errors_field,
    version_field,
)
from schema.deadline import extend_deadline
from schema.errors import UserError
from schema.types.commissions import CommissionPeriod, CommissionProblem
from services.commissions.closing import CloseResult
from services.commissions.periods import close_commission_period as close


@strawberry.input(description="Which open period to close, at the version read.")
class CloseCommissionPeriodInput:
    id: relay.GlobalID
    """The global ID of the period (from `CommissionPeriod.id`)."""
    version: int = version_field()


@strawberry.type(description="A rep who got no statement when a period closed, and why.")
class SkippedRep:
    rep_id: relay.GlobalID
    """The global ID of the rep (a `User`)."""
    problems: list[CommissionProblem]
    """Why the rep's period could not be computed (e.g. no plan in force)."""


@payload(
    "closeCommissionPeriod",
    "the closed period, how many statements it produced and who was skipped",
)
class CloseCommissionPeriodPayload:
    period: CommissionPeriod | None = None
    """The period, now closed; null when refused."""
    statement_count: int = 0
    """Statements produced, one per rep computed; 0 when refused."""
    skipped: list[SkippedRep] = empty_list_field(
        "Reps whose period could not be computed (no statement)."
    )
    user_errors: list[UserError] = user_errors_field()


async def close_commission_period(
    info: strawberry.Info, input: CloseCommissionPeriodInput
) -> CloseCommissionPeriodPayload:
    # A close computes every rep's period (100,000 credits in the bench): let it run.
    long = info.context.config.long_operation_seconds
    extend_deadline(info.context.request, long)
    outcome = await perform(info, close, key(input.id, "CommissionPeriod"), input.version, long)
    return await payload_with(CloseCommissionPeriodPayload, outcome, closed_fields)


def closed_fields(value: tuple[PeriodRow, CloseResult]) -> dict[str, Any]:
    row, closed = value
    skipped = [
        SkippedRep(
            rep_id=relay.GlobalID("User", str(rep)),
            problems=[CommissionProblem.of(p) for p in problems],
        )
        for rep, problems in closed.skipped
    ]
    return {
        "period": CommissionPeriod.from_row(row),
        "statement_count": closed.statements,
        "skipped": skipped,
    }
