"""The manager's team view: per rep, the KPI card, open pipeline, slips and stale quotes."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.connection import CountedConnection
from schema.money import Money
from schema.permissions import require_viewer
from schema.rows import loader, related
from schema.types.commissions.common import QuoteRef
from schema.types.performance.contests import Contest, ContestStanding, contest_scope
from schema.types.performance.kpis import KpiCard
from schema.types.user import User


@strawberry.type(description="How many deals, and their amount, in one currency.")
class DealTally:
    count: int
    """How many deals."""
    amount: Money
    """Their summed amount (net totals) in this currency."""


@strawberry.type(description="An open quote nobody touched for a while.")
class StaleQuote:
    days_since_touch: int
    """Whole days since its creation, last quote event, close-date change or activity."""
    last_touched_at: datetime
    """When it was last touched."""
    quote_id: strawberry.Private[int]
    quote: QuoteRef | None = strawberry.field(
        default=None, description="The quote; null if you may not open it."
    )
    """Given when the view is built: the team's quotes are read in one batch
    (``resolvers.performance.kpis.team``), not one resolver per stale quote."""


@strawberry.type(description="One rep of a manager's team, at a glance.")
class TeamMember:
    rep_id: strawberry.Private[int]
    rep = related("user_by_id", "rep_id", User, description="The rep.")
    kpi_card: KpiCard
    """The rep's KPI card, as `myKpiCard` shows it to the rep."""
    open_pipeline: list[DealTally]
    """The rep's open quotes (not won, lost, rejected or expired), per currency."""
    slipped: list[DealTally]
    """The rep's deals that slipped out of the current fiscal quarter, per currency."""
    stale_quotes: list[StaleQuote] = strawberry.field(
        description="The rep's open quotes untouched for at least `staleAfterDays` days, "
        "oldest id first: every one of them.",
        deprecation_reason="A list as long as the rep's neglect: read the count and amount "
        "in `staleDeals`, and the quotes a page at a time from `managerHome.staleQuotes`.",
    )
    stale_deals: list[DealTally] = strawberry.field(
        description="The rep's open quotes untouched for at least `staleAfterDays` days, "
        "counted and summed per currency.",
    )

    @strawberry.field(
        description="The rep's place in each individual contest running now that enrols them "
        "(and that you may see), by contest id. The statement count does not grow with the "
        "team: one statement finds the contests, then each contest's board is read once."
    )
    async def contest_standings(self, info: strawberry.Info) -> list[TeamContestStanding]:
        rows = await loader(info, "contests.running_standings_by_rep_id").load(self.rep_id)
        contests = await loader(info, "contests.contest_by_id").load_many([c for c, _ in rows])
        viewer = require_viewer(info)
        visible = await contest_scope(info, viewer, [c for c in contests if c])
        return [
            TeamContestStanding(contest=Contest.from_row(contest), standing=ContestStanding.of(row))
            for (_, row), contest in zip(rows, contests, strict=True)
            if contest is not None and visible(viewer, contest)
        ]


@strawberry.type(
    description="A page of the team's stale quotes (open, untouched for a while), the longest "
    "untouched first, with their count and amounts over every page."
)
class StaleQuoteConnection(CountedConnection[StaleQuote]):  # type: ignore[type-var]
    totals: list[DealTally]
    """Every stale quote of the team (not only this page's), counted and summed per
    currency."""


@strawberry.type(description="A rep's place in one running contest.")
class TeamContestStanding:
    contest: Contest
    """The contest."""
    standing: ContestStanding
    """The rep's row of its live board: rank (ties share: 1, 2, 2, 4), position, score."""
