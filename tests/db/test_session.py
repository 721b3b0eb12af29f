"""The request's session: closing waits for its users, late users are refused, and a
cancelled statement never turns the clean-up into a second error."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
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


async def in_a_transaction_block(session: AsyncSession) -> bool:
    """Whether the session's statements run inside a transaction block: in one, two
    statements share a transaction id; in autocommit every statement is its own transaction."""
    xid = text("SELECT pg_current_xact_id()::text")
    return bool(await session.scalar(xid) == await session.scalar(xid))


async def test_reads_run_without_a_transaction_block(db: RequestDatabase) -> None:
    async with db.read() as session:
        assert not await in_a_transaction_block(session)
    async with db.read() as session:
        assert not await in_a_transaction_block(session)
    await db.close()


async def test_the_read_connection_goes_back_to_the_pool_out_of_autocommit(
    db: RequestDatabase,
) -> None:
    async with db.read() as session:
        raw = await (await session.connection()).get_raw_connection()
        adapted = raw.dbapi_connection
        assert adapted is not None and adapted.autocommit
    await db.close()

    assert not adapted.autocommit


async def test_a_read_in_transaction_opens_a_block_that_set_local_lasts_in(
    db: RequestDatabase, app: Starlette
) -> None:
    async with db.read() as session:
        assert not await in_a_transaction_block(session)
    async with db.read_in_transaction() as session:
        await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        assert await in_a_transaction_block(session)
    async with db.read() as session:  # the block stays open for the request's later reads
        assert await session.scalar(text("SHOW plan_cache_mode")) == "force_custom_plan"
    await db.close()

    later = RequestDatabase(create_session_factory(app.state.engine))
    async with later.read() as session:
        assert await session.scalar(text("SHOW plan_cache_mode")) == "auto"
    await later.close()


async def test_a_mutation_after_reads_is_one_transaction_and_reads_after_it_see_its_writes(
    db: RequestDatabase,
) -> None:
    async with db.read() as session:
        assert not await in_a_transaction_block(session)
    async with db.transaction() as session:
        assert await in_a_transaction_block(session)
        await session.execute(text("CREATE TABLE t_session_written (x int)"))
        await session.execute(text("INSERT INTO t_session_written VALUES (7)"))
    try:
        async with db.read() as session:
            assert not await in_a_transaction_block(session)
            assert await session.scalar(text("SELECT x FROM t_session_written")) == 7
        with pytest.raises(RuntimeError):
            async with db.transaction() as session:
                await session.execute(text("INSERT INTO t_session_written VALUES (8)"))
                raise RuntimeError("refused")
        async with db.read() as session:
            assert await session.scalar(text("SELECT count(*) FROM t_session_written")) == 1
    finally:
        async with db.transaction() as session:
            await session.execute(text("DROP TABLE t_session_written"))
        await db.close()
