"""Sessions on the test database, emptied after each test, and a small team to record for."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TypeVar

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from db.actor import Actor
from db.engine import create_session_factory
from db.models.users import Role, User
from services.performance.recompute import recompute
from services.transaction import Outcome, Work, in_transaction
from tests.conftest import truncate_all

T = TypeVar("T")


@pytest.fixture
async def sessions(app: Starlette) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    yield create_session_factory(app.state.engine)
    await truncate_all(app)


TEAM = (
    ("mia@example.com", "Mia Manager", [Role.MANAGER], None, "UTC"),
    ("ray@example.com", "Ray Rep", [Role.REP], 1, "Asia/Bangkok"),
    ("sue@example.com", "Sue Rep", [Role.REP], 1, "America/New_York"),
    ("ola@example.com", "Ola Ops", [Role.OPS], None, "UTC"),
)


async def make_team(sessions: async_sessionmaker[AsyncSession]) -> dict[str, Actor]:
    """Mia manages Ray (Bangkok) and Sue (New York); Ola is OPS. Actors by first name."""
    async with sessions.begin() as session:
        for email, name, roles, manager, zone in TEAM:
            session.add(
                User(
                    email=email,
                    name=name,
                    password_hash="x",
                    roles=roles,
                    manager_id=manager,
                    time_zone=zone,
                )
            )
            await session.flush()
    return {
        "mia": Actor(1, frozenset({Role.MANAGER}), frozenset({2, 3})),
        "ray": Actor(2, frozenset({Role.REP})),
        "sue": Actor(3, frozenset({Role.REP})),
        "ola": Actor(4, frozenset({Role.OPS})),
    }


async def run(sessions: async_sessionmaker[AsyncSession], work: Work[T]) -> Outcome[T]:
    """``work`` in one transaction, as a resolver runs a use case."""
    return await in_transaction(sessions.begin, work)


async def assert_rollups_match_the_log(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Recomputing every rollup from the fact log finds no drift."""
    drift = await run(sessions, recompute)
    assert drift.value == []
