"""``forecast`` and ``slippageEvents``: a rep's, a team's or the whole org's, by role."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy import Select
from strawberry import relay

from db.actor import Actor
from db.models.performance_forecast import SlippageEvent as SlipRow
from db.queries import forecast as queries
from gamification.calendar import Grain
from resolvers.pagination import Listing, argument_id
from resolvers.reading import read
from schema.connection import CountedConnection
from schema.errors import NotFound
from schema.permissions import require_viewer, signed_in
from schema.types.performance.forecast import ForecastGrain, ForecastPeriod, SlippageEvent
from services.performance import forecast as use_cases
from services.refusal import Refused

TeamId = Annotated[
    relay.GlobalID | None,
    strawberry.argument(
        description="A manager (`User.id`): their team, at any depth, and their own deals."
    ),
]
RepId = Annotated[relay.GlobalID | None, strawberry.argument(description="Only this rep's.")]


@strawberry.type(name="SlippageEventConnection", description="A page of slippage events.")
class SlippageEventConnection(CountedConnection[SlippageEvent]):
    pass


SLIPPAGE_EVENTS = Listing(
    (SlipRow.at, SlipRow.id), SlippageEventConnection, SlippageEvent.from_row, descending=True
)


async def _owners(
    info: strawberry.Info, viewer: Actor, team: relay.GlobalID | None, rep: relay.GlobalID | None
) -> frozenset[int] | None:
    manager_id, rep_id = argument_id(team, "User", "team"), argument_id(rep, "User", "rep")
    try:
        return await read(info, use_cases.owners_in_scope, viewer, rep_id, manager_id)
    except Refused as exc:
        refusal = exc.refusals[0]
        raise NotFound(refusal.message, argument=refusal.field[0]) from exc


@strawberry.type
class ForecastQueries:
    @strawberry.field(
        extensions=signed_in(),
        description="The forecast by fiscal period and currency: total, weighted, commit, best "
        "case, pipeline and slipped amounts, their change since a week ago, and the deals. "
        "A rep sees their own, a manager their team's, OPS, FINANCE and ADMIN everyone's; "
        "a team or rep you may not see is NOT_FOUND.",
    )
    async def forecast(
        self,
        info: strawberry.Info,
        team: TeamId = None,
        rep: RepId = None,
        grain: Annotated[
            ForecastGrain,  # type: ignore[valid-type]
            strawberry.argument(description="The periods to cut the forecast into."),
        ] = ForecastGrain.QUARTER,  # type: ignore[attr-defined]
    ) -> list[ForecastPeriod]:
        owners = await _owners(info, require_viewer(info), team, rep)
        rows = await read(info, use_cases.forecast, datetime.now(UTC), owners, Grain(grain.value))
        return [ForecastPeriod.of(row) for row in rows]

    @SLIPPAGE_EVENTS.field(
        signed_in(),
        "Slippage events, newest first: a rep's own, a manager's team's, OPS, FINANCE and "
        "ADMIN everyone's.",
    )
    async def slippage_events(
        self,
        info: strawberry.Info,
        team: TeamId = None,
        rep: RepId = None,
        period_start: Annotated[
            date | None,
            strawberry.argument(description="Only slips out of a period starting this day."),
        ] = None,
        period_end: Annotated[
            date | None,
            strawberry.argument(description="... and ending before this day (exclusive)."),
        ] = None,
    ) -> Select[Any]:
        owners = await _owners(info, require_viewer(info), team, rep)
        return queries.slippage_select(owners, period_start, period_end)
