"""Telling "the database is unreachable" apart from every other failure, in one place.

An outage (server down or restarting, connection refused or dropped, every
pooled connection busy) is not a bug in a request: the client should retry
later, so the API answers ``SERVICE_UNAVAILABLE`` instead of
``INTERNAL_SERVER_ERROR``. Everything else, including statement errors and
cancelled statements, stays a fault.

The exception is examined along its ``__cause__`` chain and SQLAlchemy's
``orig``, since asyncpg and socket errors arrive wrapped by SQLAlchemy.
"""

from __future__ import annotations

import os

import asyncpg
from sqlalchemy import exc as sa_exc

RETRY_AFTER_SECONDS = 5

# Server-side refusals that mean "not now": starting up, shutting down, crashed, full.
_UNAVAILABLE_SERVER_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.exceptions.PostgresConnectionError,  # class 08: connection failures
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.TooManyConnectionsError,
)
# Client-side: the connection is gone, or none could be had in time.
_UNAVAILABLE_CLIENT_ERRORS: tuple[type[BaseException], ...] = (
    sa_exc.OperationalError,
    sa_exc.TimeoutError,  # the pool had no connection to give within its timeout
)
# Where a socket error must have been raised to be the database's (not a PDF font's).
_DRIVER_PATHS = (f"{os.sep}asyncpg{os.sep}", f"{os.sep}sqlalchemy{os.sep}pool{os.sep}")


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` (or anything it was raised from) says the database cannot be reached."""
    for item in _chain(error):
        if isinstance(item, _UNAVAILABLE_SERVER_ERRORS + _UNAVAILABLE_CLIENT_ERRORS):
            return True
        if isinstance(item, sa_exc.DBAPIError) and item.connection_invalidated:
            return True
        # "connection is closed" is an outage; "another operation is in progress" is a bug.
        if isinstance(
            item, (asyncpg.exceptions.InterfaceError, sa_exc.InterfaceError)
        ) and "closed" in str(item):
            return True
        # Refused, reset, unreachable, DNS, connect timeout: socket errors from the driver.
        # (A request deadline's TimeoutError is raised by asyncio, not in the driver.)
        if isinstance(item, OSError) and _raised_in_driver(item):
            return True
    return False


def _raised_in_driver(error: BaseException) -> bool:
    traceback = error.__traceback__
    while traceback is not None:
        if any(part in traceback.tb_frame.f_code.co_filename for part in _DRIVER_PATHS):
            return True
        traceback = traceback.tb_next
    return False


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    pending: list[BaseException | None] = [error]
    while pending:
        item = pending.pop()
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        orig = getattr(item, "orig", None)
        pending.extend([item.__cause__, orig if isinstance(orig, BaseException) else None])
    return seen
