"""``managerHome``: a manager's home screen in one query: the approvals waiting on them and
their team at a glance, each section one batch read for the whole team."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar, cast

import strawberry
from sqlalchemy import Select
from strawberry import relay

from db.queries import forecast as forecast_queries
from db.queries.approvals import requests_awaiting
from db.queries.team_view import OpenQuote, open_quotes
from gamification.calendar import Grain, PeriodCalendar
from resolvers.approvals.queries import APPROVAL_REQUESTS
from resolvers.commissions.dashboard import summary_type
from resolvers.home.rep import STALE_RANGE, bounded
from resolvers.pagination import PAGE_ARGUMENTS
from resolvers.performance.forecast.queries import SlippageEventConnection
from resolvers.performance.kpis.queries import answered
from resolvers.performance.kpis.team import deal_tallies, members_of, visible_quotes
from resolvers.reading import read
from schema.connection import PageRequest, decode_keyset, encode_cursor, page_size
from schema.permissions import require_viewer
from schema.rows import loader
from schema.selections import asks_for, asks_path
from schema.types.approval_access import principals
from schema.types.commissions import RepCommissionSummary
from schema.types.performance.enums import KpiGrain
from schema.types.performance.forecast import ForecastGrain, ForecastPeriod, SlippageEvent
from schema.types.performance.team import StaleQuote, StaleQuoteConnection, TeamMember
from schema.types.user import User
from services.commissions.dashboard import rep_summaries
from services.performance import forecast as forecast_use_cases
from services.performance import team_view
from services.performance.slippage import fiscal_calendar

T = TypeVar("T")
PageFirst, PageAfter = PAGE_ARGUMENTS["first"], PAGE_ARGUMENTS["after"]
PageLast, PageBefore = PAGE_ARGUMENTS["last"], PAGE_ARGUMENTS["before"]


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
    memo: strawberry.Private[dict[str, Any]] = dataclasses.field(default_factory=dict)

    def _once(self, name: str, read_it: Callable[[], Awaitable[T]]) -> Awaitable[T]:
        """``read_it()`` the first time a section asks for ``name``, shared by every section
        of this screen that needs it (they resolve concurrently: the read is a task)."""
        task = self.memo.get(name)
        if task is None:
            task = self.memo[name] = asyncio.ensure_future(read_it())
        return cast("Awaitable[T]", task)

    def _open_quotes(self, info: strawberry.Info) -> Awaitable[list[OpenQuote]]:
        """The team's open quotes with their last touch (``team`` and ``staleQuotes``)."""
        return self._once("open_quotes", lambda: read(info, open_quotes, self.rep_ids))

    def _slips(self, info: strawberry.Info) -> Awaitable[list[Any]]:
        """Every slip of the team's deals and the manager's, oldest first (``team`` and
        ``forecast``)."""
        return self._once("slips", lambda: read(info, forecast_queries.slips_of, self.owners))

    def _calendar(self, info: strawberry.Info) -> Awaitable[PeriodCalendar]:
        """The fiscal calendar (``team`` and ``forecast``)."""
        return self._once("calendar", lambda: read(info, fiscal_calendar))

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
        quotes, calendar = await self._open_quotes(info), await self._calendar(info)
        slips = await self._slips(info)
        # The team's quarter is the viewer's: a manager's own today is the home's.
        today = self.today if viewer.user_id == self.manager_id else None
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
                reps=self.rep_ids,
                quotes=quotes,
                today=today,
                calendar=calendar,
                slips=slips,
            )
        )
        return await members_of(info, members)

    @strawberry.field(
        description="The team's stale quotes (open, untouched for at least `staleAfterDays` "
        "days: no quote event, close-date change or activity), the longest untouched first, "
        "a page at a time, with `totalCount` and `totals` (count and amount per currency) "
        "over all of them. `first` is at most 200 (50 when not given); `staleAfterDays` 1 "
        "to 365; other values, or a cursor of another list, are BAD_USER_INPUT."
    )
    async def stale_quotes(
        self,
        info: strawberry.Info,
        first: Annotated[
            int | None, strawberry.argument(description="How many quotes (at most 200).")
        ] = None,
        after: Annotated[
            str | None,
            strawberry.argument(description="The `endCursor` of the page before this one."),
        ] = None,
        stale_after_days: Annotated[
            int,
            strawberry.argument(
                description="An open quote untouched for this many days (1 to 365) is stale."
            ),
        ] = 14,
    ) -> StaleQuoteConnection:
        days = bounded(stale_after_days, *STALE_RANGE, "staleAfterDays")
        size, _ = page_size(PageRequest(first=first), info.context.config.pages)
        start = _stale_cursor(after) if after is not None else None
        page = team_view.stale_page(await self._open_quotes(info), self.now, days, start, size)
        shown = [q.quote_id for q, _ in page.quotes]
        quotes = (
            await visible_quotes(info, shown) if asks_for(info.selected_fields, "quote") else {}
        )
        edges = [
            relay.Edge(
                cursor=encode_cursor([q.last_touched.isoformat(), q.quote_id]),
                node=StaleQuote(
                    days_since_touch=age,
                    last_touched_at=q.last_touched,
                    quote_id=q.quote_id,
                    quote=quotes.get(q.quote_id),
                ),
            )
            for q, age in page.quotes
        ]
        total = page.total

        async def count_total() -> int:
            return total

        return StaleQuoteConnection(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=page.has_more,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            count_total=count_total,
            totals=deal_tallies(page.totals),
        )

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

    @strawberry.field(
        description="Slippage alerts: the team's deals whose close date moved out of a period, "
        "newest first, with `totalCount`."
    )
    async def slippage_alerts(
        self,
        info: strawberry.Info,
        first: PageFirst = None,
        after: PageAfter = None,
        last: PageLast = None,
        before: PageBefore = None,
    ) -> SlippageEventConnection:
        # A page of the slips the screen reads once for its sections (``_slips``), as
        # ``SLIPPAGE_EVENTS`` would page them: no statement of its own, nor a count.
        request = PageRequest(first=first, after=after, last=last, before=before)
        size, backwards = page_size(request, info.context.config.pages)
        start, end = _slip_cursor(after), _slip_cursor(before)
        slips = await self._slips(info)
        newest = sorted(slips, key=_slip_key, reverse=True)
        following = [
            s
            for s in newest
            if (start is None or _slip_key(s) < start) and (end is None or _slip_key(s) > end)
        ]
        window = (following[::-1] if backwards else following)[: size + 1]
        has_more = len(window) > size
        shown = window[:size][::-1] if backwards else window[:size]
        edges = [
            relay.Edge(cursor=encode_cursor([s.at, s.id]), node=SlippageEvent.from_row(s))
            for s in shown
        ]
        total = len(slips)

        async def count_total() -> int:
            return total

        return SlippageEventConnection(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=has_more if not backwards else before is not None,
                has_previous_page=has_more if backwards else after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            count_total=count_total,
        )

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
        calendar, slips = await self._calendar(info), await self._slips(info)
        rows = await read(
            info,
            forecast_use_cases.forecast,
            self.now,
            self.owners,
            Grain(grain.value),
            calendar=calendar,
            slip_rows=slips,
        )
        deals = any(asks_path(top.selections, "deals") for top in info.selected_fields)
        return [ForecastPeriod.of(row, with_deals=deals) for row in rows]


def _stale_cursor(cursor: str) -> team_view.StaleKey:
    """The place an ``after`` cursor of ``staleQuotes`` names, or BAD_USER_INPUT."""
    at, quote_id = decode_keyset(cursor, (datetime, int), argument="after")
    return (at, quote_id)


def _slip_key(slip: Any) -> tuple[datetime, int]:
    """The order of the slippage alerts: when, then the id."""
    return (slip.at, slip.id)


def _slip_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    """The place a cursor of ``slippageAlerts`` names (as the keyset lists encode it), or
    BAD_USER_INPUT."""
    if cursor is None:
        return None
    at, slip_id = decode_keyset(
        cursor,
        (datetime, int),
        argument="cursor",
        message="The cursor does not belong to this list.",
    )
    return (at, slip_id)
