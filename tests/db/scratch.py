"""Plain asyncpg access to a migration test's scratch database (see ``conftest.scratch_url``)."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
from sqlalchemy.engine import URL, make_url


def dsn(url: str | URL) -> str:
    """An asyncpg DSN for a SQLAlchemy URL (any driver)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def fetch_row(url: str, sql: str) -> asyncpg.Record:
    conn = await asyncpg.connect(dsn(url))
    try:
        return await conn.fetchrow(sql)
    finally:
        await conn.close()


async def execute(url: str, *statements: tuple[Any, ...]) -> None:
    """Run ``(sql, *args)`` statements on one connection, in order."""
    conn = await asyncpg.connect(dsn(url))
    try:
        for sql, *args in statements:
            await conn.execute(sql, *args)
    finally:
        await conn.close()


async def _tables(url: str, names: tuple[str, ...]) -> int:
    conn = await asyncpg.connect(dsn(url))
    try:
        found: int = await conn.fetchval(
            "SELECT count(*) FROM pg_tables WHERE tablename = ANY($1)", list(names)
        )
        return found
    finally:
        await conn.close()


def tables(url: str, *names: str) -> int:
    """How many of the named tables the database has."""
    return asyncio.run(_tables(url, names))


def user(role: str) -> tuple[str]:
    """The statement (for ``execute``) adding the user ``a@b.c`` with the one ``role``."""
    return (
        "INSERT INTO users (email, name, password_hash, roles) "
        f"VALUES ('a@b.c', 'A', 'x', '{{{role}}}')",
    )


def content_item(kind: str) -> tuple[str]:
    """The statement (for ``execute``) adding a content item of ``kind``, titled ``T``, by each
    user."""
    return (
        "INSERT INTO content_items (kind, title, language, tags, product_ids, families, "
        "competitors, audience_roles, publish_at, created_by_id) "
        f"SELECT '{kind}', 'T', 'en', '{{}}', '{{}}', '{{}}', '{{}}', '{{}}', now(), id FROM users",
    )
