"""Databases at a migration revision, copied from template databases instead of migrated.

Running the migrations from an empty database takes most of a minute on a loaded machine
(over a thousand DDL statements); ``CREATE DATABASE … TEMPLATE`` copies a migrated one in a
fraction of a second. Each xdist worker's test database and each migration test's scratch
database start at some revision, so the first to need a revision makes a template at it,
migrating on from the nearest template below (every migration still runs, once per test run),
and the rest copy it. A PostgreSQL advisory lock keeps the workers from making one twice or
copying one while it is made. The templates are named after the test run (xdist gives its
workers one id) and dropped when it ends (``drop_templates``, from the controlling process).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from functools import cache

import asyncpg
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, make_url

from db.migrate import alembic_config

_upgrade = command.upgrade  # the real one (``scratch_copies`` replaces it for a test)


def _server(url: str) -> URL:
    return make_url(url.replace("postgres://", "postgresql://", 1)).set(drivername="postgresql")


def _dsn(server: URL, database: str) -> str:
    return server.set(database=database).render_as_string(hide_password=False)


@cache
def revisions() -> tuple[str, ...]:
    """Every revision, the first one first (the history is one line)."""
    script = ScriptDirectory.from_config(alembic_config(""))
    return tuple(reversed([revision.revision for revision in script.walk_revisions()]))


def position(revision: str) -> int:
    """Where ``revision`` (an id, or ``head``) is in ``revisions()``."""
    script = ScriptDirectory.from_config(alembic_config(""))
    (found,) = script.get_revisions(revision)
    assert found is not None, revision
    return revisions().index(found.revision)


def prefix(run: str) -> str:
    return f"dealdesk_tpl_{run[:12]}"


def spare_prefix(run: str) -> str:
    """Empty scratch databases a template copy took the place of (dropped with the templates)."""
    return f"dealdesk_spare_{run[:12]}"


class Templates:
    """The templates of one test run on one PostgreSQL server."""

    def __init__(self, server_url: str, run: str) -> None:
        self.server = _server(server_url)
        self.prefix = prefix(run)
        self.spares = spare_prefix(run)

    def create(self, name: str, revision: str = "head") -> None:
        """Create database ``name`` at ``revision``, as migrating an empty one would."""
        asyncio.run(self._create(name, position(revision)))

    def replace(self, url: str, revision: str) -> None:
        """Database ``url`` (empty, nobody connected) becomes one at ``revision``. The empty
        one is renamed away, not dropped: the drop waits for a checkpoint, at the end."""
        asyncio.run(self._create(_server(url).database or "", position(revision), replace=True))

    def put_aside(self, url: str) -> None:
        """Database ``url`` is done with: renamed to a spare, dropped at the end with the others
        (or now, when someone is still connected to it)."""
        asyncio.run(self._put_aside(_server(url).database or ""))

    async def _put_aside(self, name: str) -> None:
        admin = await asyncpg.connect(_dsn(self.server, "postgres"))
        try:
            spare = f"{self.spares}_{uuid.uuid4().hex[:10]}"
            await admin.execute(f'ALTER DATABASE "{name}" RENAME TO "{spare}"')
        except asyncpg.ObjectInUseError:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()

    async def _create(self, name: str, at: int, replace: bool = False) -> None:
        admin = await asyncpg.connect(_dsn(self.server, "postgres"))
        try:
            # A session lock: it ends with the connection, whatever happens.
            await admin.execute("SELECT pg_advisory_lock(hashtext($1))", self.prefix)
            template = await self._template(admin, at)
            if replace:
                spare = f"{self.spares}_{uuid.uuid4().hex[:10]}"
                await admin.execute(f'ALTER DATABASE "{name}" RENAME TO "{spare}"')
            await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        finally:
            await admin.close()

    async def _template(self, admin: asyncpg.Connection, at: int) -> str:
        """The template at position ``at``, made if it is not there yet."""
        rows = await admin.fetch(
            "SELECT datname FROM pg_database WHERE starts_with(datname, $1)", self.prefix + "_"
        )
        made = {int(row["datname"].rsplit("_", 1)[1]) for row in rows}
        name = f"{self.prefix}_{at:03d}"
        if at in made:
            return name
        below = max((i for i in made if i < at), default=None)
        source = f' TEMPLATE "{self.prefix}_{below:03d}"' if below is not None else ""
        await admin.execute(f'CREATE DATABASE "{name}"{source}')
        try:
            url = _dsn(self.server, name)
            # Alembic runs its own event loop: not on this thread, whose loop is running.
            await asyncio.to_thread(_upgrade, alembic_config(url), revisions()[at])
        except BaseException:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            raise
        return name


@cache
def templates(server_url: str, run: str) -> Templates:
    return Templates(server_url, run)


def drop_templates(server_url: str, run: str) -> None:
    """Drop the run's templates and spare databases (when its last test has ended).

    Dropping a database makes PostgreSQL 15 wait for a checkpoint; drops waiting together
    share one, so they go a few at a time in parallel."""

    async def drop_all() -> None:
        server = _server(server_url)
        admin = await asyncpg.connect(_dsn(server, "postgres"))
        try:
            rows = await admin.fetch(
                "SELECT datname FROM pg_database "
                "WHERE starts_with(datname, $1) OR starts_with(datname, $2)",
                prefix(run) + "_",
                spare_prefix(run) + "_",
            )
        finally:
            await admin.close()
        names = [row["datname"] for row in rows]
        await asyncio.gather(
            *(_drop(server, *names[i::PARALLEL_DROPS]) for i in range(PARALLEL_DROPS))
        )

    asyncio.run(drop_all())


PARALLEL_DROPS = 8


Upgrade = Callable[..., None]


def first_upgrade_copies(url: str, copies: Templates) -> Upgrade:
    """``alembic.command.upgrade`` for a test on the empty database at ``url``: its first
    upgrade of that database, while it is still empty, makes it a copy of the template at the
    revision asked for; everything else goes to alembic."""
    pristine = [True]

    def upgrade(config: Config, revision: str, *args: object, **kwargs: object) -> None:
        mine = config.attributes.get("database_url") == url
        if mine and pristine and not args and not kwargs and asyncio.run(_is_empty(url)):
            pristine.clear()
            copies.replace(url, revision)
            return
        if mine:
            pristine.clear()
        _upgrade(config, revision, *args, **kwargs)  # type: ignore[arg-type]

    return upgrade


# Anything but PostgreSQL's own: relations, types, functions, extensions (but plpgsql), schemas
# (but public).
MADE_OBJECTS = """
SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%')
     + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))
     + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))
     + (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')
     + (SELECT count(*) FROM pg_namespace WHERE nspname NOT IN ('pg_catalog',
        'information_schema', 'public') AND nspname NOT LIKE 'pg_toast%'
        AND nspname NOT LIKE 'pg_temp%')
"""


async def _is_empty(url: str) -> bool:
    connection = await asyncpg.connect(_dsn(_server(url), _server(url).database or ""))
    try:
        return int(await connection.fetchval(MADE_OBJECTS)) == 0
    finally:
        await connection.close()


async def _drop(server: URL, *names: str) -> None:
    if not names:
        return
    admin = await asyncpg.connect(_dsn(server, "postgres"))
    try:
        for name in names:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
