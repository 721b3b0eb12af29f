"""Test database and app: a fresh PostgreSQL database per session, emptied after every test.

With ``DATABASE_URL`` set (CI, or your own server) a new database is copied on
that server from a template migrated once per run (``tests/database_templates.py``) and
dropped when the run ends; without it, the embedded server from the
pgserver wheel is started in a temporary folder, so the tests need nothing but
Python.
"""

from __future__ import annotations

import functools
import inspect
import os
import tempfile
import types
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import hypothesis
import pytest
from hypothesis.internal.detection import is_hypothesis_test
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.applications import Starlette

from services.people.passwords import Argon2Parameters

if TYPE_CHECKING:
    from server.settings import Settings

# The app is imported where a fixture needs it: `-m engine` runs never pay for importing it.
# `demo` and `quotes` for API tests outside their folders (see the module); `live_servers`, the
# session's shared `dealdesk serve` processes (tests/live.py).
pytest_plugins = ["tests.api.shared_fixtures", "tests.live"]

# hypothesis is imported up front: its pytest plugin otherwise imports it while printing the
# summary, where CPython 3.11.7's AST recursion-depth bug (python/cpython#106905) can fail the
# run with "SystemError: AST constructor recursion depth mismatch" after all tests passed.


# Property tests declare how many examples they try. The default profile, "dev", tries a tenth
# of that (at least 10) so the inner loop takes seconds; "ci" (HYPOTHESIS_PROFILE=ci, as `.ci/run`
# sets, or --hypothesis-profile=ci) tries every declared example.
# Neither profile fails a test because drawing its inputs was slow: that measures the machine
# (a loaded 2-core CI runner; the first text draw of a fresh clone builds hypothesis's character
# tables), not the code under test.
DEV_SHARE = 10
_MACHINE_BOUND = [hypothesis.HealthCheck.too_slow]
hypothesis.settings.register_profile(
    "ci", hypothesis.settings(suppress_health_check=_MACHINE_BOUND)
)
hypothesis.settings.register_profile(
    "dev", hypothesis.settings(max_examples=100 // DEV_SHARE, suppress_health_check=_MACHINE_BOUND)
)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def _fewer_examples(items: list[pytest.Item]) -> None:
    if hypothesis.settings.get_current_profile_name() != "dev":
        return
    done: set[int] = set()
    for item in items:
        test = getattr(item, "obj", None)
        if test is None or id(test) in done or not is_hypothesis_test(test):
            continue
        done.add(id(test))
        declared = test._hypothesis_internal_use_settings  # what @settings gave the test
        share = max(100 // DEV_SHARE, declared.max_examples // DEV_SHARE)
        test._hypothesis_internal_use_settings = hypothesis.settings(declared, max_examples=share)


# Markers (registered in pyproject.toml) are given by where a test lives and what it uses, so
# no test has to remember them: `-m engine` is the inner loop (no database), `-m "not live"`
# skips real processes and clusters.
TESTS = Path(__file__).resolve().parent
ENGINE_FOLDERS = frozenset(
    {"pricing", "commissions", "approvals", "quotes", "gamification", "content", "documents"}
)
API_FOLDERS = frozenset({"api", "hostile"})
# A test is `live` when it, a fixture it uses, or a test helper either calls reaches one of these.
PROCESS_MODULES = frozenset({"subprocess", "multiprocessing", "db.embedded"})


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With `-m engine` alone, only the engine folders are collected (nothing else would run)."""
    engine_only = config.option.markexpr.strip() == "engine"
    if engine_only and collection_path.parent == TESTS and collection_path.is_dir():
        return collection_path.name not in ENGINE_FOLDERS or None
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    _fewer_examples(items)


def pytest_itemcollected(item: pytest.Item) -> None:
    """Marks each test as it is collected."""
    folder = item.path.relative_to(TESTS).parts[0] if item.path.is_relative_to(TESTS) else ""
    needs_database = "database_url" in getattr(item, "fixturenames", ())
    live = _starts_processes(item)
    if live:
        item.add_marker(pytest.mark.live)
    if needs_database:
        item.add_marker(pytest.mark.db)
    if folder in API_FOLDERS:
        item.add_marker(pytest.mark.api)
    if folder in ENGINE_FOLDERS and not needs_database and not live:
        item.add_marker(pytest.mark.engine)


def _starts_processes(item: pytest.Item) -> bool:
    functions: list[object] = [getattr(item, "obj", None)]
    info = getattr(item, "_fixtureinfo", None)
    for definitions in info.name2fixturedefs.values() if info else ():
        functions.extend(definition.func for definition in definitions)
    return any(_reaches_processes(function, set())[0] for function in functions)


# What each test helper reaches, worked out once per collection (thousands of tests share
# their fixtures and helpers): a code object or class -> whether it names a process module.
_REACHES: dict[object, bool] = {}


def _reaches_processes(target: object, open_: set[object]) -> tuple[bool, bool]:
    """Whether ``target`` (a test, fixture, helper or helper class) names a process module,
    directly or through helpers defined under ``tests/`` (this file's fixtures excepted:
    `database_url` starts the embedded server only when no ``DATABASE_URL`` is given).

    Also whether the answer is provisional: "no" found while cutting a cycle back to a helper
    still being searched (``open_``) is not remembered, as that helper may still say yes."""
    if inspect.isclass(target):
        if target.__module__ in PROCESS_MODULES:
            return True, False
        try:
            mine = _defined_in_tests(inspect.getfile(target))
        except TypeError:  # a built-in class
            return False, False
        if not mine:
            return False, False
        key: object = target
        members: Iterable[object] = vars(target).values()
    else:
        function = inspect.unwrap(target) if inspect.isfunction(target) else target
        code = getattr(function, "__code__", None)
        if code is None or not _defined_in_tests(code.co_filename):
            return False, False
        key = code
        members = _named(code, getattr(function, "__globals__", {}))
    if key in _REACHES:
        return _REACHES[key], False
    if key in open_:
        return False, True
    open_.add(key)
    found, provisional = False, False
    for member in members:
        if member is _PROCESS_MODULE:
            found = True
            break
        reaches, cut = _reaches_processes(member, open_)
        provisional = provisional or cut
        if reaches:
            found = True
            break
    open_.discard(key)
    if found or not provisional:
        _REACHES[key] = found
    return found, provisional and not found


_PROCESS_MODULE = object()  # what ``_named`` gives for a process module


def _named(code: types.CodeType, namespace: dict[str, object]) -> Iterable[object]:
    """What the names ``code`` uses stand for (``_PROCESS_MODULE`` for a process module)."""
    for name in _names(code):
        if name in PROCESS_MODULES or name.split(".")[0] in PROCESS_MODULES:
            yield _PROCESS_MODULE  # `import subprocess` / `from db.embedded import …` in the body
            return
        found = namespace.get(name)
        origin = found.__name__ if inspect.ismodule(found) else getattr(found, "__module__", None)
        yield _PROCESS_MODULE if origin in PROCESS_MODULES else found


@functools.cache
def _defined_in_tests(filename: str) -> bool:
    path = Path(filename)
    return path.is_relative_to(TESTS) and path != TESTS / "conftest.py"


def _names(code: types.CodeType) -> Iterable[str]:
    yield from code.co_names
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _names(constant)


def pytest_configure(config: pytest.Config) -> None:
    """One id for the whole test run (xdist hands it to its workers), naming its templates."""
    if not hasattr(config, "workerinput") and getattr(config.option, "testrunuid", None) is None:
        config.option.testrunuid = uuid.uuid4().hex


def run_id(config: pytest.Config) -> str:
    workerinput = getattr(config, "workerinput", None)
    return str(workerinput["testrunuid"] if workerinput else config.option.testrunuid)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The controlling process (or the only one) drops the run's template databases."""
    base = os.environ.get("DATABASE_URL")
    if base is not None and not hasattr(session.config, "workerinput"):
        from tests.database_templates import drop_templates

        drop_templates(base, run_id(session.config))


@pytest.fixture(scope="session")
def database_url(pytestconfig: pytest.Config) -> Iterator[str]:
    from db.migrate import upgrade

    base = os.environ.get("DATABASE_URL")
    if base is None:
        from db.embedded import embedded_postgres

        with (
            tempfile.TemporaryDirectory(prefix="dealdesk-test-") as folder,
            embedded_postgres(Path(folder), database="dealdesk_test") as url,
        ):
            upgrade(url)
            yield url
        return
    from tests.database_templates import templates

    name = f"dealdesk_test_{uuid.uuid4().hex[:10]}"
    server = make_url(base.replace("postgres://", "postgresql://", 1))
    copies = templates(base, run_id(pytestconfig))
    copies.create(name)  # migrated to the head
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        copies.put_aside(url)  # dropped with the templates, at the end of the run


# argon2 is slow on purpose; tests hash with the cheapest parameters it accepts.
TEST_ARGON2 = Argon2Parameters(time_cost=1, memory_cost_kib=8, parallelism=1)


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from server.settings import Settings

    return Settings(
        env="test",
        database_url=database_url,
        secret_key="test-secret-key-that-is-long-enough-for-hs256",
        data_dir=tmp_path_factory.mktemp("data"),
        log_level="WARNING",
        argon2_time_cost=TEST_ARGON2.time_cost,
        argon2_memory_cost_kib=TEST_ARGON2.memory_cost_kib,
        argon2_parallelism=TEST_ARGON2.parallelism,
        webhook_allow_private_addresses=True,  # the receivers tests post to are local
        warm_close_workers=False,  # (the close tests start them: tests/api/commissions)
    )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    from server.app import create_app
    from server.gc_tuning import tune_gc

    application = create_app(settings)
    async with application.router.lifespan_context(application):
        # The collector as the served process has it (``server.gc_tuning``): the start-up heap
        # and the word dictionaries frozen, the young generation collected less often. With the
        # defaults, collections walking that heap were a fifth of the API tests' CPU. (The
        # dictionaries still loading are frozen when they are: ``freeze_warmed``.)
        tune_gc()
        yield application


# Emptying the tables after a test. TRUNCATE makes new files for every table and index it
# empties (most of a second for the demo org's tables); DELETE of a few hundred rows takes
# milliseconds. For the DELETE, `session_replication_role = replica` switches off the row
# triggers TRUNCATE skips (append-only ledgers, frozen periods, foreign-key checks); `users` is
# emptied last with its triggers on, so every server process hears which users went away.
# Identity sequences restart just past the rows their table still holds (1 when it is empty),
# except the job queue's: a live server's worker defers periodic jobs at any moment, also while
# a test empties the tables or restores the demo, and a job sequence moved back (by RESTART, or
# by a restore's setval) made a later job collide on procrastinate_jobs_pkey in CI. The queue's
# sequences only ever move forward; no test reads a job's id. Switching triggers off needs a superuser: any
# other role TRUNCATEs, as before. Only tables holding rows are touched: one query finds them
# (``WRITTEN``, prepared once per connection: a loop of dynamic EXECUTEs in the block cost
# several times more), and one round trip empties them (none when they are all empty).
EMPTY_TABLES = """
DO $$
DECLARE
    t text;
    owner text;
    col name;
    written text[] := {written};
BEGIN
    IF cardinality(written) = 0 THEN
        RETURN;
    END IF;
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE 'TRUNCATE ' || array_to_string(written, ', ') || ' RESTART IDENTITY CASCADE';
        RETURN;
    END IF;
    SET LOCAL session_replication_role = replica;
    FOREACH t IN ARRAY written LOOP
        IF t <> 'users' THEN
            EXECUTE 'DELETE FROM ' || t;
        END IF;
    END LOOP;
    SET LOCAL session_replication_role = origin;
    DELETE FROM users;
    FOR t, owner, col IN SELECT format('%I.%I', s.schemaname, s.sequencename),
            d.refobjid::regclass::text, a.attname
        FROM pg_sequences s
        JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
            AND d.objid = format('%I.%I', s.schemaname, s.sequencename)::regclass
        JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE s.schemaname = 'public' AND s.last_value IS NOT NULL
            AND d.refobjid::regclass::text NOT LIKE 'procrastinate%' LOOP
        EXECUTE format('SELECT setval(%L, coalesce(max(%I), 0) + 1, false) FROM %s', t, col, owner);
    END LOOP;
END $$;
"""


KEPT_TABLES = "('alembic_version', 'procrastinate_workers')"
"""Never emptied nor copied: the schema's revision, and the registrations of the job workers
running on the database (a test's own worker, started by a fixture before the demo goes in,
or a live server's): a worker whose row went away fails its next job fetch on
procrastinate_jobs_worker_id_fkey and stops (seen in CI). A worker removes its row when it
stops, and the next one to start prunes the rows of workers that died."""

_written: dict[str, str] = {}  # per database: the query naming the tables holding rows


async def empty_tables(connection: AsyncConnection) -> bool:
    """Empty every table holding rows (``EMPTY_TABLES``); whether any did."""
    database = _database_of(connection.engine)
    if database not in _written:
        tables = await connection.scalars(
            text(
                "SELECT format('%I', tablename) FROM pg_tables "
                f"WHERE schemaname = 'public' AND tablename NOT IN {KEPT_TABLES} ORDER BY 1"
            )
        )
        cases = ", ".join(f"CASE WHEN EXISTS (SELECT 1 FROM {t}) THEN '{t}' END" for t in tables)
        _written[database] = f"SELECT array_remove(ARRAY[{cases}], NULL)"
    written: list[str] = await connection.scalar(text(_written[database]))
    if not written:
        return False
    listed = "ARRAY[" + ", ".join(f"'{t}'" for t in written) + "]::text[]"
    await connection.execute(text(EMPTY_TABLES.replace("{written}", listed)))
    return True


async def truncate_all(app: Starlette) -> None:
    """Empty every table, skipping the append-only row triggers as tests need."""
    async with app.state.engine.begin() as connection:
        await empty_tables(connection)
    # Ids restart: the next test's user 1 is a new person. Deleting users (here or in the
    # test) announces each of them; wait until this process has heard it, so no cached
    # "deactivated" survives.
    await app.state.events.caught_up()


# The demo org and catalog (`load_demo` without quotes), which a sixth of the tests start from.
# The loader builds them through the ORM (about a second); it runs once per database, a copy of
# the rows goes to a schema of its own, and later tests get the same rows and sequence positions
# back with one INSERT … SELECT per table (triggers off, as for EMPTY_WRITTEN: the rows are the
# loader's own, already checked). Without superuser rights every test runs the loader.
DEMO_COPY = "demo_copy"
IS_SUPERUSER = "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
# Per database (keyed by its URL, not by engine: several apps, each with its own engine, share a
# worker's database, and a second copy would replace the schema an earlier restore reads from).
_demo_copies: dict[str, str] = {}  # the SQL that puts the copy back


def _database_of(engine: AsyncEngine) -> str:
    """The database an engine talks to (host, port and name; no password)."""
    return engine.url.render_as_string(hide_password=True)


async def _empty(engine: AsyncEngine) -> None:
    """Empties what an earlier test left behind before the demo goes in: the copy is put back
    with its own ids, which rows left over (an append-only audit event a test wrote and did
    not truncate) would collide with."""
    async with engine.begin() as connection:
        await empty_tables(connection)


async def load_demo_org(app: Starlette) -> None:
    """The demo org and catalog in the empty tables, as `load_demo(with_quotes=False)` makes."""
    from db.engine import create_session_factory
    from server.demo import load_demo

    engine: AsyncEngine = app.state.engine
    await _empty(engine)
    restore = _demo_copies.get(_database_of(engine))
    if restore is None:
        sessions = create_session_factory(engine)
        await load_demo(sessions, with_quotes=False, password_parameters=TEST_ARGON2)
        async with engine.begin() as connection:
            if await connection.scalar(text(IS_SUPERUSER)):
                _demo_copies[_database_of(engine)] = await _copy_demo(connection)
        return
    async with engine.begin() as connection:
        await connection.execute(text(restore))


async def _copy_demo(connection: AsyncConnection, schema: str = DEMO_COPY) -> str:
    """Copies every table holding rows into ``schema``; the DO block that puts them back."""
    await connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    await connection.execute(text(f"CREATE SCHEMA {schema}"))
    tables = await connection.scalars(
        text(
            "SELECT format('%I', tablename) FROM pg_tables "
            f"WHERE schemaname = 'public' AND tablename NOT IN {KEPT_TABLES}"
        )
    )
    statements = []
    for table in tables.all():
        if await connection.scalar(text(f"SELECT EXISTS (SELECT 1 FROM public.{table})")):
            await connection.execute(text(f"CREATE TABLE {schema}.{table} AS TABLE public.{table}"))
            columns = await connection.scalar(  # all but generated ones (PostgreSQL computes them)
                text(
                    "SELECT string_agg(format('%I', attname), ', ' ORDER BY attnum) "
                    "FROM pg_attribute WHERE attrelid = CAST(:table AS regclass) AND attnum > 0 "
                    "AND NOT attisdropped AND attgenerated = ''"
                ),
                {"table": f"public.{table}"},
            )
            statements.append(
                f"INSERT INTO public.{table} ({columns}) OVERRIDING SYSTEM VALUE "
                f"SELECT {columns} FROM {schema}.{table};"
            )
    sequences = await connection.execute(
        text(
            "SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences "
            "WHERE schemaname = 'public' AND last_value IS NOT NULL "
            "AND sequencename NOT LIKE 'procrastinate%'"  # only forward (EMPTY_TABLES)
        )
    )
    statements += [f"PERFORM setval('{name}', {value});" for name, value in sequences]
    body = " ".join(statements)
    return f"DO $$ BEGIN SET LOCAL session_replication_role = replica; {body} END $$;"


FULL_DEMO_COPY = "full_demo_copy"
_full_demo_copies: dict[str, str] = {}


async def load_full_demo(app: Starlette) -> None:
    """The whole demo (``load_demo``: quotes, plans and credits, activities, contests,
    onboarding, content) in the empty tables: loaded once per database, copied back later
    (as ``load_demo_org``)."""
    from db.engine import create_session_factory
    from server.demo import load_demo

    engine: AsyncEngine = app.state.engine
    await _empty(engine)
    restore = _full_demo_copies.get(_database_of(engine))
    if restore is None:
        await load_demo(create_session_factory(engine), password_parameters=TEST_ARGON2)
        async with engine.begin() as connection:
            if await connection.scalar(text(IS_SUPERUSER)):
                _full_demo_copies[_database_of(engine)] = await _copy_demo(
                    connection, FULL_DEMO_COPY
                )
        return
    async with engine.begin() as connection:
        await connection.execute(text(restore))


class StatementCounter:
    def __init__(self) -> None:
        self.count = 0
        self.texts: list[str] = []
        """Every statement's SQL, in order (clear it with ``count``)."""

    def __call__(self, *args: object) -> None:
        self.count += 1
        self.texts.append(str(args[2]))


@pytest.fixture
def statements(app: Starlette) -> Iterator[StatementCounter]:
    """Counts SQL statements sent to the database while a test runs."""
    counter = StatementCounter()
    sync_engine = app.state.engine.sync_engine
    event.listen(sync_engine, "before_cursor_execute", counter)
    yield counter
    event.remove(sync_engine, "before_cursor_execute", counter)
