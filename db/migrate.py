"""Apply Alembic migrations programmatically (the CLI, the server start-up and tests use this)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from db.engine import async_url

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def head_revisions() -> set[str]:
    """The revisions this code expects the database to be at."""
    return set(ScriptDirectory.from_config(alembic_config("")).get_heads())


def applied_revisions(url: str) -> set[str]:
    """The revisions the database is at (empty when it was never migrated)."""

    async def read() -> set[str]:
        engine = create_async_engine(async_url(url), poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
                return {row[0] for row in rows}
        except ProgrammingError as exc:
            if "alembic_version" in str(exc.orig):  # the table does not exist yet
                return set()
            raise
        finally:
            await engine.dispose()

    return asyncio.run(read())
