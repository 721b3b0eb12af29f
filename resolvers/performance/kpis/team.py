"""``myTeam``: a manager's reps at a glance, in a statement count that does not grow
with the team."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Annotated

import strawberry
from strawberry import relay

from db.queries.team_view import quote_rows
from gamification.calendar import Grain
from resolvers.pagination import argument_id
from resolvers.performance.kpis.queries import answered, kpi_card
from resolvers.reading import read
from schema.money import money
from schema.nodes import owned
from schema.permissions import require_viewer, signed_in
from schema.selections import asks_for
from schema.types.performance.enums import KpiGrain
from schema.types.performance.kpis import KpiCard
from schema.types.performance.team import DealTally, StaleQuote, TeamMember
from schema.types.quote import Quote
from services.performance import team_view

StaleAfterDays = Annotated[
    int,
    strawberry.argument(
        description="An open quote untouched for this many days (1 to 365) is stale."
    ),
]
TeamGrain = Annotated[
    KpiGrain,  # type: ignore[valid-type]
    strawberry.argument(description="The KPI period length; MONTH by default."),
]
Manager = Annotated[
    relay.GlobalID | None,
    strawberry.argument(description="Another manager (a User) whose team to show; OPS and ADMIN."),
]


def deal_tallies(tallies: list[team_view.Tally]) -> list[DealTally]:
    """The tallies as the API shows them."""
    return [DealTally(count=t.count, amount=money(t.amount, t.currency)) for t in tallies]


NO_CARD = KpiCard(kpis=[], profile=[])
"""The card of a member read without KPIs (``kpiCard`` was not asked for, so never shown)."""


def member_of(member: team_view.TeamMember, quotes: Mapping[int, Quote | None]) -> TeamMember:
    """The member as the API shows it; ``quotes`` are their stale quotes the viewer may
    open, by id (empty when no ``quote`` was asked for)."""
    return TeamMember(
        rep_id=member.rep_id,
        kpi_card=kpi_card(member.kpis) if member.kpis else NO_CARD,
        open_pipeline=deal_tallies(member.pipeline),
        slipped=deal_tallies(member.slipped),
        stale_deals=deal_tallies(
            team_view.tallies((q.currency, q.amount) for q, _ in member.stale)
        ),
        stale_quotes=[
            StaleQuote(
                days_since_touch=days,
                last_touched_at=q.last_touched,
                quote_id=q.quote_id,
                quote=quotes.get(q.quote_id),
            )
            for q, days in member.stale
        ],
    )


async def members_of(
    info: strawberry.Info, members: Sequence[team_view.TeamMember]
) -> list[TeamMember]:
    """The team as the API shows it. The stale quotes, when their ``quote`` is asked for,
    are read in one batch and shown where the viewer may open them (as ``node`` does)."""
    quotes: dict[int, Quote | None] = {}
    if asks_for(info.selected_fields, "staleQuotes") and asks_for(info.selected_fields, "quote"):
        quotes = await visible_quotes(info, [q.quote_id for m in members for q, _ in m.stale])
    return [member_of(m, quotes) for m in members]


async def visible_quotes(info: strawberry.Info, ids: list[int]) -> dict[int, Quote | None]:
    """The quotes ``ids`` read in one batch (plain rows, no ORM objects), each shown where
    the viewer may open it (as ``node`` does), null where not."""
    viewer = require_viewer(info)
    rows = await read(info, quote_rows, ids)
    return {
        key: Quote.from_row(row) if row is not None and owned(viewer, row) else None  # type: ignore[arg-type]
        for key in ids
        for row in (rows.get(key),)
    }


@strawberry.type
class TeamQueries:
    @strawberry.field(
        extensions=signed_in(),
        description=(
            "Your team (every rep under you, at any depth), rep by rep: the KPI card for the "
            "period of `grain` holding today, the open pipeline, the deals slipped out of the "
            "current fiscal quarter and the stale quotes. For a MANAGER; OPS and ADMIN may "
            "name another `manager`; anyone else is FORBIDDEN. A bad `staleAfterDays` is "
            "BAD_USER_INPUT."
        ),
    )
    async def my_team(
        self,
        info: strawberry.Info,
        stale_after_days: StaleAfterDays = 14,
        grain: TeamGrain = Grain.MONTH,
        manager: Manager = None,
    ) -> list[TeamMember]:
        viewer = require_viewer(info)
        manager_id = argument_id(manager, "User", "manager")
        now = datetime.now(UTC)
        card = asks_for(info.selected_fields, "kpiCard")
        members = await answered(
            read(
                info,
                team_view.my_team,
                viewer,
                now,
                manager_id,
                stale_after_days,
                grain,
                with_kpis=card,
            )
        )
        return await members_of(info, members)
