"""The request's session: closing waits for its users, late users are refused, and a
cancelled statement never turns the clean-up into a second error."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.session import RequestClosed, RequestDatabase


@pytest.fixture
def db(app: Starlette) -> RequestDatabase:
    return RequestDatabase(create_session_factory(app.state.engine))


async def test_closing_waits_for_a_statement_in_flight(db: RequestDatabase) -> None:
    started = asyncio.Event()

    async def slow_reader() -> int:
        async with db.read() as session:
            started.set()
            return int(await session.scalar(text("SELECT 7 FROM pg_sleep(0.2)")))

    reader = asyncio.create_task(slow_reader())
    await started.wait()
    await db.close()

    assert reader.done() and reader.result() == 7


async def test_a_user_after_close_is_refused_and_opens_no_connection(
    db: RequestDatabase, app: Starlette
) -> None:
    async with db.read() as session:
        await session.execute(text("SELECT 1"))
    await db.close()
    checked_out = app.state.engine.pool.checkedout()

    with pytest.raises(RequestClosed):
        async with db.read():
            pass
    with pytest.raises(RequestClosed):
        async with db.transaction():
            pass
    assert app.state.engine.pool.checkedout() == checked_out


async def test_a_transaction_cancelled_mid_statement_rolls_back_and_closes_cleanly(
    db: RequestDatabase, app: Starlette
) -> None:
    started = asyncio.Event()
    checked_out = app.state.engine.pool.checkedout()

    async def write_then_hang() -> None:
        async with db.transaction() as session:
            await session.execute(text("CREATE TEMP TABLE t_cancel (x int)"))
            started.set()
            await session.execute(text("SELECT pg_sleep(5)"))

    task = asyncio.create_task(write_then_hang())
    await started.wait()
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await db.close()  # must not raise

    assert app.state.engine.pool.checkedout() == checked_out
