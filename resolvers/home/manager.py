"""``managerHome``: a manager's home screen in one query: the approvals waiting on them and
their team at a glance, each section one batch read for the whole team."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy import Select

from db.queries import forecast as forecast_queries
from db.queries.approvals import requests_awaiting
from gamification.calendar import Grain
from resolvers.approvals.queries import APPROVAL_REQUESTS
from resolvers.commissions.dashboard import summary_type
from resolvers.home.rep import STALE_RANGE, bounded
from resolvers.performance.forecast.queries import SLIPPAGE_EVENTS
from resolvers.performance.kpis.queries import answered
from resolvers.performance.kpis.team import members_of
from resolvers.performance.reading import read
from resolvers.selections import asks_for
from schema.permissions import require_viewer
from schema.rows import loader
from schema.types.approval_access import principals
from schema.types.commissions import RepCommissionSummary
from schema.types.performance.enums import KpiGrain
from schema.types.performance.forecast import ForecastGrain, ForecastPeriod
from schema.types.performance.team import TeamMember
from schema.types.user import User
from services.commissions.dashboard import rep_summaries
from services.performance import forecast as forecast_use_cases
from services.performance import team_view


@strawberry.type(
    description="A manager's home screen in one query: the approvals waiting on them, each "
    "rep's KPIs, pipeline, slips, stale quotes and contest standings, each rep's commission "
    "and attainment, the latest slippage alerts and the forecast. Only the team's; the "
    "statement count is a small constant whatever the size of the team or its data."
)
class ManagerHome:
    manager_id: strawberry.Private[int]
    rep_ids: strawberry.Private[list[int]]
    owners: strawberry.Private[frozenset[int]]
    now: strawberry.Private[datetime]
    today: date
    """The manager's today, in their time zone: the commission period is the one holding it."""

    @strawberry.field(description="The manager whose home this is (you, unless OPS named one).")
    async def manager(self, info: strawberry.Info) -> User:
        return User.from_row(await loader(info, "user_by_id").load(self.manager_id))

    @APPROVAL_REQUESTS.field(
        (),
        "Approval requests waiting for the manager's decision (or for someone they stand in "
        "for right now), oldest first, with `totalCount`: `myApprovalInbox` of the manager.",
    )
    async def approvals_waiting(self, info: strawberry.Info) -> Select[Any]:
        acting_for = await principals(info, self.manager_id, self.now)
        return requests_awaiting(acting_for)

    @strawberry.field(
        description="Every rep under the manager (at any depth), by id: the KPI card for the "
        "period of `grain` holding today, the open pipeline, the deals slipped out of the "
        "current fiscal quarter, the stale quotes and `contestStandings`, as `myTeam` shows them."
    )
    async def team(
        self,
        info: strawberry.Info,
        stale_after_days: Annotated[
            int,
            strawberry.argument(
                description="An open quote untouched for this many days (1 to 365) is stale."
            ),
        ] = 14,
        grain: Annotated[
            KpiGrain,  # type: ignore[valid-type]
            strawberry.argument(description="The KPI period length; MONTH by default."),
        ] = Grain.MONTH,
    ) -> list[TeamMember]:
        days = bounded(stale_after_days, *STALE_RANGE, "staleAfterDays")
        viewer = require_viewer(info)
        card = asks_for(info.selected_fields, "kpiCard")
        members = await answered(
            read(
                info,
                team_view.my_team,
                viewer,
                self.now,
                self.manager_id,
                days,
                grain,
                with_kpis=card,
            )
        )
        return await members_of(info, members)

    @strawberry.field(
        description="Each rep's commission for the fiscal period holding today, to date: "
        "earned, quota, attainment, tier and next tier, by rep id (as `myCommissions.team`). "
        "`openPipeline` estimates every open quote of the team: ask for it only when you "
        "show it."
    )
    async def commissions(self, info: strawberry.Info) -> list[RepCommissionSummary]:
        if not self.rep_ids:
            return []
        pipeline = asks_for(info.selected_fields, "openPipeline")
        found = await read(info, rep_summaries, self.rep_ids, self.today, with_pipeline=pipeline)
        return [summary_type(found[rep]) for rep in self.rep_ids]

    @SLIPPAGE_EVENTS.field(
        (),
        "Slippage alerts: the team's deals whose close date moved out of a period, newest "
        "first, with `totalCount`.",
    )
    def slippage_alerts(self, info: strawberry.Info) -> Select[Any]:
        return forecast_queries.slippage_select(self.owners, None, None)

    @strawberry.field(
        description="The team's forecast (the reps' and the manager's own deals) by fiscal "
        "period and currency, as `forecast(team:)` shows it."
    )
    async def forecast(
        self,
        info: strawberry.Info,
        grain: Annotated[
            ForecastGrain,  # type: ignore[valid-type]
            strawberry.argument(description="The periods to cut the forecast into."),
        ] = ForecastGrain.QUARTER,  # type: ignore[attr-defined]
    ) -> list[ForecastPeriod]:
        rows = await read(
            info, forecast_use_cases.forecast, self.now, self.owners, Grain(grain.value)
        )
        return [ForecastPeriod.of(row) for row in rows]
