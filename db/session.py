"""One database session per request, shared safely by concurrent resolvers.

GraphQL resolves sibling fields concurrently, but an ``AsyncSession`` allows one
operation at a time, so every use goes through a lock. A mutation's work runs in
``transaction()``: committed as a whole on success, rolled back on any error, so
nothing is ever half-written (the unit of work of "Architecture Patterns with Python").
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


class RequestDatabase:
    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = factory
        self._session: AsyncSession | None = None
        self._lock = asyncio.Lock()

    def _current(self) -> AsyncSession:
        if self._session is None:
            self._session = self._factory()
        return self._session

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """The request's session for reads (loaders, lists)."""
        async with self._lock:
            yield self._current()

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A fresh transaction for one mutation: all of it, or nothing."""
        async with self._lock:
            session = self._current()
            if session.in_transaction():
                # End the read snapshot so the mutation sees what others committed.
                await session.commit()
            try:
                yield session
                await session.flush()  # surface constraint errors here, then roll back
            except BaseException:
                await session.rollback()
                raise
            else:
                await session.commit()

    async def close(self) -> None:
        """End the request's session.

        When a non-null root field fails, graphql-core cancels its siblings' tasks; a sibling
        cancelled in the middle of a query leaves asyncpg's connection closed, and closing
        the session then fails on the rollback. That connection is thrown away (invalidated,
        so the pool never hands it out again) instead of turning the response into a 500.
        """
        session, self._session = self._session, None
        if session is None:
            return
        try:
            await session.close()
        except DBAPIError as exc:
            if not exc.connection_invalidated and "closed" not in str(exc):
                raise
            await session.invalidate()
