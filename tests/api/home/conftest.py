"""The full demo (quotes with approvals and counters, plans and credits, a month of
activities, a running call race, onboarding, content) and its people signed in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from db.engine import create_session_factory
from server.demo.org import DEMO_PASSWORD
from tests.api.conftest import LOGIN, Api, People
from tests.conftest import load_full_demo

FIELDS_OF_QUOTE = "number status validUntil owner { email }"
REP_HOME = f"""query($first: Int! = 10) {{ repHome {{ today me {{ email }}
  urgentQuotes(first: $first) {{ totalCount returnedCount expiringCount staleCount today
    quotes {{ urgency daysToExpiry daysSinceTouch approvalStatus returnedAt
      quote {{ {FIELDS_OF_QUOTE} }} }} }}
  approvalsWaiting(first: 20) {{ totalCount edges {{ node {{ status quote {{ {FIELDS_OF_QUOTE} }} }} }} }}
  commission {{ rep {{ email }} period {{ start end }} currency quota {{ amount }}
    creditedRevenue {{ amount }} attainmentPercent tier {{ name }}
    nextTier {{ current {{ name }} next {{ name floorPercent multiplier }} revenueNeeded {{ amount currency }} }} }}
  todayKpis {{ kpis {{ repId periodStart periodEnd metric {{ key }} value }} }}
  contestStandings {{ contest {{ id name }} entrants gapToNext
    standing {{ rank position score participant {{ email }} }} }}
  onboarding {{ done total completed programme {{ name }} }}
  newContent(first: 2) {{ count items {{ item {{ title }} quotes {{ quote {{ owner {{ email }} }} }} }} }} }} }}"""
MANAGER_HOME = f"""query($team: ID) {{ managerHome(team: $team) {{ today manager {{ email }}
  approvalsWaiting(first: 20) {{ totalCount edges {{ node {{ id status quote {{ {FIELDS_OF_QUOTE} }} }} }} }}
  team {{ rep {{ email }} openPipeline {{ count }} staleQuotes {{ quote {{ owner {{ email }} }} }}
    kpiCard {{ kpis {{ metric {{ key }} }} }}
    contestStandings {{ contest {{ name }} standing {{ rank participant {{ email }} }} }}
    staleDeals {{ count }} }}
  staleQuotes(first: 5) {{ totalCount totals {{ count }} edges {{ node {{ quote {{ {FIELDS_OF_QUOTE} }} }} }} }}
  commissions {{ rep {{ email }} attainmentPercent earned {{ amount }} nextTier {{ next {{ name }} }} }}
  slippageAlerts(first: 10) {{ totalCount edges {{ node {{ rep {{ email }} reason }} }} }}
  forecast {{ label currency deals {{ quote {{ owner {{ email }} }} }} }} }} }}"""
AGE = """
DO $$ BEGIN
  SET LOCAL session_replication_role = replica;
  UPDATE quotes SET created_at = created_at - make_interval(days => {days}) WHERE id = {id};
  UPDATE quote_events SET at = at - make_interval(days => {days}) WHERE quote_id = {id};
  UPDATE quote_close_date_changes SET at = at - make_interval(days => {days})
    WHERE quote_id = {id};
  UPDATE activities SET occurred_at = occurred_at - make_interval(days => {days})
    WHERE quote_id = {id};
END $$;
"""
"""Moves a quote's creation and every touch of it ``days`` back (triggers off)."""

EAST_TEAM = {f"rep{n}@dealdesk.example" for n in (1, 2, 3, 4)}
WEST_TEAM = {f"rep{n}@dealdesk.example" for n in (5, 6, 7, 8)}


@dataclass
class Home:
    """The loaded demo: sign in as any demo user; run SQL on its database."""

    people: People
    sessions: async_sessionmaker[AsyncSession]

    async def as_(self, email: str) -> Api:
        login = await self.people.api.data(LOGIN, {"email": email, "password": DEMO_PASSWORD})
        return self.people.api.as_(login["login"]["session"]["accessToken"])

    async def sql(self, statement: str, **params: Any) -> list[Any]:
        async with self.sessions() as session:
            result = await session.execute(text(statement), params)
            rows = list(result.all()) if result.returns_rows else []
            await session.commit()
            return rows

    async def rep_home(self, email: str, first: int = 10) -> dict[str, Any]:
        api = await self.as_(email)
        return dict((await api.data(REP_HOME, {"first": first}))["repHome"])

    async def manager_home(self, email: str, team: str | None = None) -> dict[str, Any]:
        api = await self.as_(email)
        return dict((await api.data(MANAGER_HOME, {"team": team}))["managerHome"])


@pytest.fixture
async def home(app: Starlette, people: People) -> Home:
    await load_full_demo(app)
    return Home(people, create_session_factory(app.state.engine))


Runner = Callable[[str], Awaitable[dict[str, Any]]]
