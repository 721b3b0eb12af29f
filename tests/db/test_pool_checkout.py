"""A pooled connection is checked at checkout without a round trip: one the server closed
is replaced before a request uses it, and a warm one is not pinged."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_engine


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=1)
    yield engine
    await engine.dispose()


async def backend_pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(text("SELECT pg_backend_pid()")))


async def test_a_connection_the_server_closed_is_replaced_at_checkout(
    engine: AsyncEngine, database_url: str
) -> None:
    first = await backend_pid(engine)
    other = create_engine(database_url, pool_size=1)
    try:
        async with other.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    finally:
        await other.dispose()
    await asyncio.sleep(0.2)  # the event loop hears the socket close

    # Reused well within the idle window, so only the closed socket can tell.
    assert await backend_pid(engine) != first


async def test_a_warm_connection_is_not_pinged(engine: AsyncEngine) -> None:
    first = await backend_pid(engine)
    pings: list[object] = []
    dialect = engine.sync_engine.dialect
    original = dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return bool(original(dbapi_connection))

    dialect.do_ping = counted  # type: ignore[method-assign]
    try:
        assert await backend_pid(engine) == first
    finally:
        dialect.do_ping = original  # type: ignore[method-assign]
    assert pings == []


async def test_an_idle_connection_is_pinged(database_url: str) -> None:
    from db.engine import check_on_checkout

    engine = create_engine(database_url, pool_size=1)
    check_on_checkout(engine, ping_after_seconds=0.0)  # every checkout counts as idle
    dialect = engine.sync_engine.dialect
    original = dialect.do_ping
    pings: list[object] = []

    def counted(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return bool(original(dbapi_connection))

    dialect.do_ping = counted  # type: ignore[method-assign]
    try:
        await backend_pid(engine)
        await backend_pid(engine)
    finally:
        dialect.do_ping = original  # type: ignore[method-assign]
        await engine.dispose()
    assert pings


async def test_the_connection_used_last_is_handed_out_first(database_url: str) -> None:
    """Once a burst has opened several connections, sequential requests keep reusing the
    warm one (its prepared statements, no idle ping) instead of cycling through the pool and
    finding each one idle long enough to be pinged."""
    engine = create_engine(database_url, pool_size=4)
    try:
        held = [await engine.connect() for _ in range(3)]
        pids = [int(await c.scalar(text("SELECT pg_backend_pid()"))) for c in held]
        for connection in held:  # the last one returned is pids[2]
            await connection.close()

        reused = [await backend_pid(engine) for _ in range(3)]
    finally:
        await engine.dispose()
    assert reused == [pids[2]] * 3


async def test_connections_opened_for_a_burst_are_kept_for_the_next(database_url: str) -> None:
    """The pool keeps every connection it opens (up to twice ``pool_size``): a burst beyond
    ``pool_size`` does not close the extra ones on return, only for the next burst to connect
    and prepare its statements again."""
    engine = create_engine(database_url, pool_size=1)
    try:
        bursts = []
        for _ in range(2):
            held = [await engine.connect() for _ in range(2)]
            bursts.append({int(await c.scalar(text("SELECT pg_backend_pid()"))) for c in held})
            for connection in held:
                await connection.close()
    finally:
        await engine.dispose()
    assert len(bursts[0]) == 2
    assert bursts[1] == bursts[0]
