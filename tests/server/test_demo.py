"""The demo data: quotes in every status, a month of activities across the hierarchy, contests
(a running race, a tournament in rounds), badges, onboarding, a forecast; repeatable."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.approvals import ApprovalRequest, ApprovalRequestStatus
from db.models.content import ContentItem
from db.models.performance_activities import Activity, KpiTarget, MetricRollup
from db.models.performance_badges import BadgeAward
from db.models.performance_contests import Contest, ContestRound
from db.models.performance_forecast import (
    ForecastCategoryChange,
    QuoteCloseDateChange,
    SlippageEvent,
)
from db.models.performance_onboarding import OnboardingCompletion, OnboardingEnrolment
from db.models.quotes import Quote, QuoteStatus
from gamification.hierarchy import STANDARD_BY_KEY, Level
from server.demo import load_demo
from tests.conftest import truncate_all

COUNTED = (
    ContentItem,
    Quote,
    Activity,
    KpiTarget,
    BadgeAward,
    SlippageEvent,
    QuoteCloseDateChange,
    ForecastCategoryChange,
    Contest,
    ContestRound,
    OnboardingEnrolment,
    OnboardingCompletion,
)


async def _counts(session: AsyncSession) -> dict[str, int]:
    """How many rows of each demo table, and the sum of every rollup (a fact rolled up
    twice would show there even with no row more)."""
    counts = {
        model.__name__: await session.scalar(select(func.count()).select_from(model)) or 0
        for model in COUNTED
    }
    counts["rolled up"] = await session.scalar(select(func.sum(MetricRollup.count))) or 0
    return counts


async def test_demo_has_quotes_in_every_status_and_loads_twice_without_duplicates(
    app: Starlette,
) -> None:
    sessions = create_session_factory(app.state.engine)
    now = datetime.now(UTC)
    try:
        await load_demo(sessions, now=now)
        async with sessions() as session:
            first = await _counts(session)
        await load_demo(sessions, now=now)  # the same moment: a later one adds its activities
        async with sessions() as session:
            statuses = set((await session.scalars(select(Quote.status))).all())
            second = await _counts(session)
            request_statuses = set((await session.scalars(select(ApprovalRequest.status))).all())
            logged = set((await session.scalars(select(Activity.kind).distinct())).all())
            levels = {STANDARD_BY_KEY[kind].level.name for kind in logged}
            kinds = set((await session.scalars(select(Contest.kind))).all())
            running = await session.scalar(
                select(func.count()).where(Contest.starts_at <= now, Contest.ends_at > now)
            )
    finally:
        await truncate_all(app)

    assert statuses == set(QuoteStatus)
    assert second == first and first["Quote"] >= 15 and first["ContentItem"] >= 20
    assert first["Activity"] > 1_000 and first["SlippageEvent"] == 2
    assert request_statuses == set(ApprovalRequestStatus)
    # a month of activities on the five levels a sale climbs, and worked time (MANAGE); the
    # demo's days are drawn per date, so a month may lack a rarer kind of a spanning section
    climbing = {Level.TARGET, Level.ENGAGE, Level.PERSUADE, Level.CLOSE, Level.EXPAND}
    assert {level.name for level in climbing} | {Level.MANAGE.name} <= levels
    assert kinds == {"RACE", "TOURNAMENT"} and running == 2 and first["ContestRound"] == 3
    assert first["BadgeAward"] > 0 and first["ForecastCategoryChange"] > 0
    assert first["OnboardingEnrolment"] == 1 and first["OnboardingCompletion"] >= 2
