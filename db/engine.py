"""The async engine and session factories.

The URL handed in is a plain ``postgresql://`` URL (what pgserver, psql and
``DATABASE_URL`` conventions give); it is mapped onto the asyncpg driver here,
in one place.
"""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def async_url(url: str) -> str:
    """``postgresql://…`` (or ``postgres://``) → ``postgresql+asyncpg://…``."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    return create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Objects stay readable after commit: a mutation commits, then builds its payload.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
