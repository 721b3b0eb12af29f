"""A small sales team on the API: a manager, two reps (one in Bangkok), OPS; helpers to record
activities, log quote facts (as the quote workflow and slippage detection do) and read KPIs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import update
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.users import Role, User
from gamification.facts import Fact
from services.performance.recompute import Drift, recompute
from services.performance.rollups import record_facts
from tests.api.conftest import Api, People, gid

RECORD = """
mutation($input: RecordActivitiesInput!) {
  recordActivities(input: $input) { recorded alreadyKnown userErrors { code field message } }
}
"""
KPIS = """
query($reps: [ID!], $team: ID, $metrics: [String!], $grain: KpiGrain!, $on: Date) {
  kpis(reps: $reps, team: $team, metrics: $metrics, grain: $grain, on: $on) {
    repId value target attainment rank rankedAmong periodLabel
    metric { key version }
    trend { direction change improving previousValue }
    explanation { numerator denominator definitionVersion }
  }
}
"""


@dataclass
class Team:
    app: Starlette
    manager: Api
    ray: Api
    sue: Api
    ops: Api
    ids: dict[str, int]

    def gid(self, name: str) -> str:
        return gid("User", self.ids[name])

    async def record(self, as_: Api, activities: list[dict[str, Any]]) -> dict[str, Any]:
        return await as_.mutate(RECORD, {"activities": activities})

    async def facts(self, facts: list[Fact]) -> int:
        sessions = create_session_factory(self.app.state.engine)
        async with sessions.begin() as session:
            return await record_facts(session, facts)

    async def drift(self) -> list[Drift]:
        sessions = create_session_factory(self.app.state.engine)
        async with sessions.begin() as session:
            return await recompute(session)

    async def kpis(self, as_: Api, **variables: Any) -> dict[tuple[str, str], dict[str, Any]]:
        """KPI rows by (rep global id, metric key)."""
        data = await as_.data(KPIS, {"grain": "DAY", **variables})
        return {(row["repId"], row["metric"]["key"]): row for row in data["kpis"]}


@pytest.fixture
async def team(app: Starlette, people: People) -> Team:
    manager = await people.add("Mia Manager", Role.MANAGER)
    ray = await people.add("Ray Rep", Role.REP, manager=manager)
    sue = await people.add("Sue Rep", Role.REP, manager=manager)
    ops = await people.add("Ola Ops", Role.OPS)
    sessions = create_session_factory(app.state.engine)
    async with sessions.begin() as session:
        await session.execute(
            update(User).where(User.id == sue.id).values(time_zone="Asia/Bangkok")
        )
    ids = {"mia": manager.id, "ray": ray.id, "sue": sue.id, "ola": ops.id}
    signed = [await people.sign_in(u) for u in (manager, ray, sue, ops)]
    return Team(app, *signed, ids)
