"""Can we reach the database ``DATABASE_URL`` names? If not, one sentence saying what to do.

The command line asks this before migrating or serving, so a missing database, a closed
port or a wrong password is reported as the fix it needs rather than as the driver's
traceback. Nothing printed here holds the URL's password.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from db.engine import async_url

CONNECT_TIMEOUT_SECONDS = 10.0


class DatabaseUnavailable(RuntimeError):
    """The configured database cannot be used; the message says why and what to do."""


def describe(url: str) -> str:
    """``host:port/database`` of a URL, without user or password."""
    parsed = _parsed(url)
    host = parsed.query.get("host") or parsed.host or "localhost"
    if isinstance(host, tuple):
        host = host[0]
    return f"{host}:{parsed.port or 5432}/{parsed.database or parsed.username or ''}"


def check_database(url: str, *, timeout: float = CONNECT_TIMEOUT_SECONDS) -> None:
    """Connect once; raise :class:`DatabaseUnavailable` with the fix when that fails."""
    try:
        asyncio.run(_connect(url, timeout))
    except Exception as exc:
        problem = _problem(exc, _parsed(url), timeout)
        if problem is None:
            raise
        raise DatabaseUnavailable(problem) from exc


async def _connect(url: str, timeout: float) -> None:
    engine = create_async_engine(
        async_url(url), poolclass=NullPool, connect_args={"timeout": timeout}
    )
    try:
        async with asyncio.timeout(timeout + 1):
            async with engine.connect():
                pass
    finally:
        await engine.dispose()


def _parsed(url: str) -> URL:
    return make_url(url.replace("postgres://", "postgresql://", 1))


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    pending: list[object] = [exc]
    while pending:
        current = pending.pop(0)
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending += [current.__cause__, current.__context__, getattr(current, "orig", None)]


def _problem(exc: BaseException, url: URL, timeout: float) -> str | None:
    import asyncpg

    where = describe(url.render_as_string())
    host, port = where.split("/", 1)[0], url.port or 5432
    user, database = url.username or "postgres", url.database or url.username or ""
    for cause in _causes(exc):
        if isinstance(cause, asyncpg.InvalidCatalogNameError):
            return (
                f'database "{database}" does not exist on {host} (DATABASE_URL): create it '
                f"(createdb -h {url.host or 'localhost'} -p {port} -U {user} {database}) and run "
                "`dealdesk migrate`, or unset DATABASE_URL to use the embedded PostgreSQL"
            )
        if isinstance(
            cause, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError
        ):
            return (
                f"PostgreSQL at {host} refused user {user!r} ({str(cause).splitlines()[0]}); "
                "check the user and password in DATABASE_URL"
            )
        if isinstance(cause, socket.gaierror):
            return f"unknown host {url.host!r} in DATABASE_URL; check the host name"
        if isinstance(cause, TimeoutError):
            return (
                f"PostgreSQL at {host} (DATABASE_URL) did not answer within {timeout:g} s; "
                "check the host and port"
            )
        if isinstance(cause, ConnectionError) or (
            isinstance(cause, OSError) and "connect call failed" in str(cause).lower()
        ):
            return (
                f"cannot connect to PostgreSQL at {host} (DATABASE_URL): connection refused; "
                "start the server or fix the host and port"
            )
        if isinstance(cause, OSError):
            reason = cause.strerror or str(cause).splitlines()[0]
            return f"cannot connect to PostgreSQL at {host} (DATABASE_URL): {reason}"
        if isinstance(cause, asyncpg.PostgresError):
            reason = str(cause).splitlines()[0]
            return f"PostgreSQL at {host} (DATABASE_URL) refused the connection: {reason}"
    return None
