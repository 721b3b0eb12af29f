"""``setKpiTarget`` (OPS, or a manager for their team): a target for a rep, a team or
everyone, for one period or standing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import relay

from gamification.calendar import Grain
from resolvers.mutation import Arguments, command, key, mutation, payload_type
from schema.text_limits import MaxLength
from schema.types.performance.enums import KpiGrain
from schema.types.performance.kpis import KpiTarget
from services.performance.targets import TargetInput
from services.performance.targets import set_kpi_target as set_target


@strawberry.input(description="A KPI target; the most specific one applies to a rep.")
class SetKpiTargetInput:
    metric: Annotated[str, MaxLength(64)]
    """The metric key."""
    target: Decimal
    """The target value, not negative."""
    grain: KpiGrain = Grain.DAY  # type: ignore[valid-type]
    """The period length it applies to."""
    rep_id: relay.GlobalID | None = None
    """For this rep (a User); with neither this nor `teamManagerId`, for everyone."""
    team_manager_id: relay.GlobalID | None = None
    """For this manager's team (a User)."""
    period_start: date | None = None
    """Any day of the period it is for; none: a standing target for every period."""


@mutation(
    set_target,
    KpiTarget,
    field="target",
    payload=payload_type("SetKpiTargetPayload", KpiTarget, "target", "setKpiTarget"),
)
def set_kpi_target(input: SetKpiTargetInput) -> Arguments:
    return (
        command(
            TargetInput,
            input,
            rep_id=key(input.rep_id, "User", "repId"),
            team_manager_id=key(input.team_manager_id, "User", "teamManagerId"),
        ),
    )
