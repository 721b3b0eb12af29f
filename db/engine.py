"""The async engine and session factories.

The URL handed in is a plain ``postgresql://`` URL (what pgserver, psql and
``DATABASE_URL`` conventions give); it is mapped onto the asyncpg driver here,
in one place.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def async_url(url: str) -> str:
    """``postgresql://…`` (or ``postgres://``) → ``postgresql+asyncpg://…``."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def create_engine(
    url: str, *, pool_size: int = 10, statement_timeout_seconds: float | None = None
) -> AsyncEngine:
    """The engine; with ``statement_timeout_seconds`` every connection has PostgreSQL
    cancel any statement running longer (``SET LOCAL statement_timeout`` raises it for
    one transaction, see ``db.queries.timeouts``)."""
    connect_args: dict[str, Any] = {}
    if statement_timeout_seconds:
        connect_args["server_settings"] = {
            "statement_timeout": str(int(statement_timeout_seconds * 1000))
        }
    return create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        connect_args=connect_args,
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Objects stay readable after commit: a mutation commits, then builds its payload.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
