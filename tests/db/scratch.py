"""Plain asyncpg access to a migration test's scratch database (see ``conftest.scratch_url``)."""

from __future__ import annotations

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
