"""One database session per request, shared safely by concurrent resolvers.

GraphQL resolves sibling fields concurrently, but an ``AsyncSession`` allows one
operation at a time, so every use goes through a lock. A mutation's work runs in
``transaction()``: committed as a whole on success, rolled back on any error, so
nothing is ever half-written (the unit of work of "Architecture Patterns with Python").

Reads (``read()``) run without a transaction block, on a connection in autocommit: a
query's SELECTs are sent alone, not between a ``BEGIN`` and a ``ROLLBACK`` (three round
trips for one statement). Under READ COMMITTED, PostgreSQL's default and ours, every
statement takes its own snapshot inside a transaction too, so a query sees the same data
either way. Reads that need a transaction block (``SET LOCAL``) use ``read_in_transaction()``.

Closing takes the same lock. When one non-null field fails, GraphQL answers at
once while a sibling's dataloader batch (its own task, not cancelled with the
field) may still be running a statement on this session; closing under the lock
waits for it instead of pulling the connection from under it. Once closed, the
session refuses new users (``RequestClosed``) rather than silently opening a
second connection that nobody would close.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

log = structlog.get_logger("dealdesk.db")


class RequestClosed(RuntimeError):
    """The request has answered and its session is closed; late work is discarded."""


AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}
"""The read connection's options: no ``BEGIN``/``ROLLBACK`` around its statements (asyncpg
sends none in autocommit; setting it is an attribute, no round trip, and the pool restores
the engine's level when the connection goes back)."""


class RequestDatabase:
    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = factory
        self._session: AsyncSession | None = None
        self._lock = asyncio.Lock()
        self._closed = False
        self._autocommit = False  # whether the session's current transaction is a read's

    @property
    def closed(self) -> bool:
        return self._closed

    def _current(self) -> AsyncSession:
        if self._closed:
            raise RequestClosed("The request has already answered; its database session is closed.")
        if self._session is None:
            self._session = self._factory()
        return self._session

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """The request's session for reads (loaders, lists): on an autocommit connection
        when no transaction is open (module docstring), else in the open one."""
        async with self._lock:
            session = self._current()
            if not session.in_transaction():
                await session.connection(execution_options=AUTOCOMMIT)
                self._autocommit = True
            yield session

    @contextlib.asynccontextmanager
    async def read_in_transaction(self) -> AsyncIterator[AsyncSession]:
        """The request's session for reads that need a transaction block (``SET LOCAL``
        lasts until it ends): one is opened if the session has none, and stays open for
        the request's later reads (rolled back when the session closes)."""
        async with self._lock:
            session = self._current()
            await self._end_autocommit(session)
            yield session

    async def _end_autocommit(self, session: AsyncSession) -> None:
        """End a read's autocommit connection (its connection goes back to the pool; there is
        nothing to commit): the session's next statement opens a transaction block."""
        if self._autocommit and session.in_transaction():
            await session.commit()
        self._autocommit = False

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A fresh transaction for one mutation: all of it, or nothing."""
        async with self._lock:
            session = self._current()
            await self._end_autocommit(session)
            if session.in_transaction():
                # End the read snapshot so the mutation sees what others committed.
                await session.commit()
            try:
                yield session
                await session.flush()  # surface constraint errors here, then roll back
            except BaseException:
                await _rollback_quietly(session)
                raise
            else:
                await session.commit()

    async def close(self) -> None:
        """Wait for the session's current users, then close it; never raises.

        Shielded, so a cancelled caller (a client gone, a deadline) still returns
        the connection to the pool.
        """
        if self._closed:
            return
        self._closed = True  # users queued behind us on the lock get RequestClosed
        await asyncio.shield(self._close_when_free())

    async def _close_when_free(self) -> None:
        async with self._lock:
            session, self._session = self._session, None
            if session is not None:
                await _close_quietly(session)


async def _rollback_quietly(session: AsyncSession) -> None:
    """Roll back after a failure without hiding it behind a second error.

    A statement cancelled half-way (a deadline, a cancelled sibling) can leave the
    connection unusable; the rollback then fails too, and the connection is
    discarded instead of going back to the pool.
    """
    try:
        await session.rollback()
    except Exception as exc:  # the original error is what matters; this one is logged
        log.warning("rollback failed; connection discarded", error=type(exc).__name__)
        with contextlib.suppress(Exception):
            await session.invalidate()


async def _close_quietly(session: AsyncSession) -> None:
    try:
        await session.close()
    except Exception as exc:  # the answer is already decided: never turn it into a 500
        log.warning(
            "closing the request's session failed; connection discarded", error=type(exc).__name__
        )
        with contextlib.suppress(Exception):
            await session.invalidate()
