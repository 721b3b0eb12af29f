"""``repHome``: a rep's home screen in one query, each section a field reading through the
request's session and loaders, so the statement count does not grow with the data."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from db.queries.approvals import stored_as_text
from db.queries.home import open_requests_on_quotes_of, urgent_quotes
from gamification.calendar import Grain
from resolvers.approvals.queries import APPROVAL_REQUESTS
from resolvers.commissions.dashboard import summary_type
from resolvers.content.new_for_deals import new_content_types
from resolvers.pagination import Selection
from resolvers.performance.kpis.queries import answered, kpi_card
from resolvers.reading import read
from schema.decimals import at_scale
from schema.errors import BadUserInput
from schema.permissions import require_viewer
from schema.rows import loader
from schema.selections import asks_for
from schema.types.commissions import RepCommissionSummary
from schema.types.home import (
    URGENCY_OF_BUCKET,
    HomeContestStanding,
    HomeNewContent,
    UrgentQuote,
    UrgentQuotes,
)
from schema.types.performance.contests import Contest, ContestStanding, contest_scope
from schema.types.performance.kpis import KpiCard
from schema.types.performance.onboarding import OnboardingProgress
from schema.types.quote import Quote
from schema.types.user import User
from services.commissions.dashboard import rep_summaries
from services.content.relevance import NEW_MAX, new_content_for_open_deals
from services.performance.kpis import KpiSelection, kpis
from services.performance.onboarding import onboarding_of

URGENT_MAX = 50
KPIS_MAX = 50
EXPIRING_MAX = 90
STALE_RANGE = (1, 365)
SCORE_PLACES = 6


def bounded(value: int, low: int, high: int, argument: str) -> int:
    """``value`` when within ``low``..``high``; otherwise a BAD_USER_INPUT naming it."""
    if not low <= value <= high:
        raise BadUserInput(f"`{argument}` is from {low} to {high}.", argument=argument)
    return value


@strawberry.type(
    description="A rep's home screen in one query: the quotes that need you, their approvals, "
    "the period's commission and the next tier, today's KPIs, contests, onboarding and new "
    "content. Every section is yours only; the statement count is a small constant "
    "whatever the number of quotes, reps or activities."
)
class RepHome:
    rep_id: strawberry.Private[int]
    now: strawberry.Private[datetime]
    today: date
    """Your today, in your time zone: the day KPIs, expiry and the commission period are
    counted on."""

    @strawberry.field(description="You.")
    async def me(self, info: strawberry.Info) -> User:
        return User.from_row(await loader(info, "user_by_id").load(self.rep_id))

    @strawberry.field(
        description="Your open quotes by urgency (see `UrgentQuotes` for the order), with "
        "the count of each bucket. `first` is 1 to 50, `expiringWithinDays` 0 to 90, "
        "`staleAfterDays` 1 to 365; others are BAD_USER_INPUT."
    )
    async def urgent_quotes(
        self,
        info: strawberry.Info,
        first: Annotated[int, strawberry.argument(description="How many quotes (1 to 50).")] = 10,
        expiring_within_days: Annotated[
            int,
            strawberry.argument(
                description="A quote valid until at most this many days after your today "
                "is EXPIRING (0 to 90)."
            ),
        ] = 7,
        stale_after_days: Annotated[
            int,
            strawberry.argument(
                description="A quote untouched for at least this many days is STALE (1 to 365)."
            ),
        ] = 14,
    ) -> UrgentQuotes:
        limit = bounded(first, 1, URGENT_MAX, "first")
        expiring = bounded(expiring_within_days, 0, EXPIRING_MAX, "expiringWithinDays")
        stale = bounded(stale_after_days, *STALE_RANGE, "staleAfterDays")
        accounts = asks_for(info.selected_fields, "account")
        page = await read(
            info,
            urgent_quotes,
            self.rep_id,
            self.now,
            self.today,
            expiring,
            stale,
            limit,
            with_accounts=accounts,
        )
        if accounts:  # read with the page: ``Quote.account`` loads nothing more
            loader(info, "account_by_id").prime_many(
                {u.quote.account_id: u.account for u in page.quotes}
            )
        return UrgentQuotes(
            total_count=page.total,
            returned_count=page.returned,
            expiring_count=page.expiring,
            stale_count=page.stale,
            today=self.today,
            quotes=[
                UrgentQuote(
                    quote=Quote.from_row(u.quote),
                    urgency=URGENCY_OF_BUCKET[u.bucket],
                    days_to_expiry=(u.quote.valid_until - self.today).days,
                    days_since_touch=(self.now - u.last_touched).days,
                    last_touched_at=u.last_touched,
                    approval_status=u.request_status,
                    returned_at=u.returned_at,
                )
                for u in page.quotes
            ],
        )

    @APPROVAL_REQUESTS.field(
        (),
        "The approval requests of your quotes still open, oldest first: PENDING (waiting "
        "for an approver) and COUNTERED (waiting for your answer), with `totalCount`.",
    )
    def approvals_waiting(self, info: strawberry.Info) -> Selection:
        # Documents as text (decoded through the codec's memo); a page holding every
        # request is its own total (a rep waits on a few).
        stmt = stored_as_text(open_requests_on_quotes_of(self.rep_id))
        return Selection(stmt, total_when_whole=True)

    @strawberry.field(
        description="Your commission for the fiscal period holding your today, to date: "
        "earned, attainment, the tier you are in and `nextTier` (the next tier's rate as "
        "`next.multiplier` and the credited revenue it still needs as `revenueNeeded`), "
        "from your plan through the commission engine, as `myCommissions` shows it. "
        "`openPipeline` estimates every open quote: ask for it only when you show it."
    )
    async def commission(self, info: strawberry.Info) -> RepCommissionSummary:
        pipeline = asks_for(info.selected_fields, "openPipeline")
        found = await read(info, rep_summaries, [self.rep_id], self.today, with_pipeline=pipeline)
        return summary_type(found[self.rep_id])

    @strawberry.field(
        description="Today's KPIs (the day in your time zone), with the hierarchy profile, "
        "as `myKpiCard(grain: DAY)` shows them; `first` (1 to 50) lists only the first "
        "that many (`kpiCount` says how many there are), all by default."
    )
    async def today_kpis(
        self,
        info: strawberry.Info,
        first: Annotated[
            int | None,
            strawberry.argument(
                description="How many KPIs to list (1 to 50), in the card's order; every "
                "one when null. The profile counts them all."
            ),
        ] = None,
    ) -> KpiCard:
        limit = None if first is None else bounded(first, 1, KPIS_MAX, "first")
        viewer = require_viewer(info)
        selection = KpiSelection(grain=Grain.DAY, on=self.today)
        return kpi_card(await answered(read(info, kpis, viewer, self.now, selection)), limit)

    @strawberry.field(
        description="Your place in every individual contest running now that enrols you: "
        "rank, score and the gap to the rank above; by contest id."
    )
    async def contest_standings(self, info: strawberry.Info) -> list[HomeContestStanding]:
        return await contest_standings_of(info, self.rep_id)

    @strawberry.field(
        description="Your onboarding programmes with progress and the next item, as "
        "`myOnboarding` shows them."
    )
    async def onboarding(self, info: strawberry.Info) -> list[OnboardingProgress]:
        found = await read(info, onboarding_of, self.rep_id)
        return [OnboardingProgress.of(p) for p in found]

    @strawberry.field(
        description="Content published in the last 14 days that fits your open quotes: how "
        "many, and the best `first` (1 to 10), as `myNewContent` ranks them."
    )
    async def new_content(
        self,
        info: strawberry.Info,
        first: Annotated[int, strawberry.argument(description="How many items (1 to 10).")] = 3,
    ) -> HomeNewContent:
        limit = bounded(first, 1, 10, "first")
        viewer = require_viewer(info)
        found = await read(info, new_content_for_open_deals, viewer, self.now, None, NEW_MAX)
        return HomeNewContent(count=len(found), items=new_content_types(found[:limit]))


async def contest_standings_of(info: strawberry.Info, rep_id: int) -> list[HomeContestStanding]:
    """The rep's rows on the boards of the running contests enrolling them (one statement
    finds them, one board per contest), each with the gap to the rank above."""
    rows = await loader(info, "contests.running_standings_by_rep_id").load(rep_id)
    ids = [c for c, _ in rows]
    contests = await loader(info, "contests.contest_by_id").load_many(ids)
    boards = await loader(info, "contests.board_by_contest_id").load_many(ids)
    viewer = require_viewer(info)
    visible = await contest_scope(info, viewer, [c for c in contests if c])
    found = []
    for (_, row), contest, board in zip(rows, contests, boards, strict=True):
        if contest is None or board is None or not visible(viewer, contest):
            continue
        above = [r for r in board.rows if r.ranked.rank < row.ranked.rank]
        gap = None
        if above:
            nearest = above[-1].ranked.entry.score
            gap = at_scale(abs(nearest - row.ranked.entry.score), SCORE_PLACES)
        found.append(
            HomeContestStanding(
                contest=Contest.from_row(contest),
                standing=ContestStanding.of(row),
                entrants=len(board.rows),
                gap_to_next=gap,
            )
        )
    return found
