"""Test database and app: a fresh PostgreSQL database per session, emptied after every test.

With ``DATABASE_URL`` set (CI, or your own server) a new database is created on
that server and dropped at the end; without it, the embedded server from the
pgserver wheel is started in a temporary folder, so the tests need nothing but
Python.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import hypothesis  # noqa: F401  (see below)
import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from starlette.applications import Starlette

from db.migrate import upgrade
from services.people.passwords import Argon2Parameters
from server.app import create_app
from server.settings import Settings

# `demo` and `quotes` for API tests outside their folders (see the module).
pytest_plugins = ["tests.api.shared_fixtures"]


# hypothesis is imported up front: its pytest plugin otherwise imports it while printing the
# summary, where CPython 3.11.7's AST recursion-depth bug (python/cpython#106905) can fail the
# run with "SystemError: AST constructor recursion depth mismatch" after all tests passed.


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    base = os.environ.get("DATABASE_URL")
    if base is None:
        from db.embedded import embedded_postgres

        with tempfile.TemporaryDirectory(prefix="dealdesk-test-") as folder:
            with embedded_postgres(Path(folder), database="dealdesk_test") as url:
                upgrade(url)
                yield url
        return
    name = f"dealdesk_test_{uuid.uuid4().hex[:10]}"
    server = make_url(base.replace("postgres://", "postgresql://", 1))
    asyncio.run(_create_database(server.render_as_string(hide_password=False), name))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        asyncio.run(_drop_database(server.render_as_string(hide_password=False), name))


async def _admin_execute(server_url: str, sql: str) -> None:
    import asyncpg

    url = make_url(server_url)
    conn = await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, password=url.password, database="postgres"
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _create_database(server_url: str, name: str) -> None:
    await _admin_execute(server_url, f'CREATE DATABASE "{name}"')


async def _drop_database(server_url: str, name: str) -> None:
    await _admin_execute(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# argon2 is slow on purpose; tests hash with the cheapest parameters it accepts.
TEST_ARGON2 = Argon2Parameters(time_cost=1, memory_cost_kib=8, parallelism=1)


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        env="test",
        database_url=database_url,
        secret_key="test-secret-key-that-is-long-enough-for-hs256",
        data_dir=tmp_path_factory.mktemp("data"),
        log_level="WARNING",
        argon2_time_cost=TEST_ARGON2.time_cost,
        argon2_memory_cost_kib=TEST_ARGON2.memory_cost_kib,
        argon2_parallelism=TEST_ARGON2.parallelism,
    )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


# TRUNCATE costs per table, so only the tables a test wrote to are emptied (one round trip).
TRUNCATE_WRITTEN = """
DO $$
DECLARE
    t text;
    found boolean;
    written text[] := '{}';
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version' LOOP
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', t) INTO found;
        IF found THEN
            written := written || format('%I', t);
        END IF;
    END LOOP;
    IF cardinality(written) > 0 THEN
        EXECUTE 'TRUNCATE ' || array_to_string(written, ', ') || ' RESTART IDENTITY CASCADE';
    END IF;
END $$;
"""


async def truncate_all(app: Starlette) -> None:
    """Empty every table (TRUNCATE skips the append-only row triggers, as tests need)."""
    async with app.state.engine.begin() as connection:
        await connection.execute(text(TRUNCATE_WRITTEN))
    # Ids restart: the next test's user 1 is a new person. The users trigger announces the
    # TRUNCATE; wait until this process has heard it, so no cached "deactivated" survives.
    await app.state.events.caught_up()


class StatementCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: object) -> None:
        self.count += 1


@pytest.fixture
def statements(app: Starlette) -> Iterator[StatementCounter]:
    """Counts SQL statements sent to the database while a test runs."""
    counter = StatementCounter()
    sync_engine = app.state.engine.sync_engine
    event.listen(sync_engine, "before_cursor_execute", counter)
    yield counter
    event.remove(sync_engine, "before_cursor_execute", counter)

