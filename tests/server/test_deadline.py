"""Work long by design (closing a period) may raise its statement timeout and deadline."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db.engine import create_engine, create_session_factory
from db.queries.timeouts import allow_long_statements
from schema.deadline import DEADLINE_KEY, extend_deadline


async def test_the_engine_cancels_long_statements_unless_the_transaction_allows_them(
    database_url: str,
) -> None:
    engine = create_engine(database_url, pool_size=1, statement_timeout_seconds=0.2)
    sessions = create_session_factory(engine)
    try:
        async with sessions() as session:
            with pytest.raises(DBAPIError) as refused:
                await session.execute(text("SELECT pg_sleep(0.5)"))
            await session.rollback()
        async with sessions() as session, session.begin():
            await allow_long_statements(session, 5)
            await session.execute(text("SELECT pg_sleep(0.5)"))
        async with sessions() as session:  # SET LOCAL ended with its transaction
            timeout = await session.scalar(text("SHOW statement_timeout"))
    finally:
        await engine.dispose()

    assert getattr(refused.value.orig, "sqlstate", None) == "57014"
    assert timeout == "200ms"


async def test_extending_the_deadline_lets_the_request_run_on() -> None:
    async with asyncio.timeout(0.2) as deadline:
        request = SimpleNamespace(scope={"state": {DEADLINE_KEY: deadline}})
        extend_deadline(request, 2)
        await asyncio.sleep(0.4)

    assert not deadline.expired()


async def test_extending_never_shortens_the_deadline() -> None:
    async with asyncio.timeout(5) as deadline:
        before = deadline.when()
        extend_deadline(SimpleNamespace(scope={"state": {DEADLINE_KEY: deadline}}), 1)
        extend_deadline(SimpleNamespace(scope={}), 1)  # no deadline (CLI, tests): nothing to do
        await asyncio.sleep(0)

    assert deadline.when() == before
