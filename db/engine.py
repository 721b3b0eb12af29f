"""The async engine and session factories.

The URL handed in is a plain ``postgresql://`` URL (what pgserver, psql and
``DATABASE_URL`` conventions give); it is mapped onto the asyncpg driver here,
in one place.

A pooled connection is checked before use without a round trip: one whose socket
the server closed (a restart, a failover, a terminated backend: PostgreSQL closes its
connections) is replaced at checkout. It is pinged only when it sat idle in the pool
for more than ``PING_AFTER_IDLE_SECONDS`` (``check_on_checkout``), for deaths no socket
announced. SQLAlchemy's ``pool_pre_ping`` pinged on every checkout, and with asyncpg
its ping is three round trips (``BEGIN``, an empty statement, ``ROLLBACK``): more than
a small request's own statements. A connection that dies silently and is reused
within that second is found by its first statement: that request fails
(``SERVICE_UNAVAILABLE``) and SQLAlchemy discards every connection the pool held.

The pool hands out the connection returned last (LIFO). First in, first out cycled through
every connection a burst had opened, so at a phone's pace each request found its connection
idle past the ping threshold, pinged it (three round trips), and prepared its statements
again on it: a one-line ``priceQuote`` paced at one every 0.3 s after a burst took 11.5 ms
against 9 ms now. Under load it changes nothing: every connection is busy anyway.

A connection opened for a burst stays in the pool. The pool holds at most ``2 * pool_size``
connections, as many as it could open before (``pool_size`` kept, as many again as overflow),
but overflow connections were closed as they came back once ``pool_size`` were idle, and the
next burst opened them again: connect (a TLS attempt, type introspection) and every statement
prepared anew on each. At concurrency 16 (the mobile mix, ``pool_size`` 10) that churn cost
about 0.7 ms of server CPU per request. An idle connection costs PostgreSQL a backend; it is
only opened when that many requests wanted one at once.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from db.encoded_json import serialize_json


def async_url(url: str) -> str:
    """``postgresql://…`` (or ``postgres://``) → ``postgresql+asyncpg://…``."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def create_engine(
    url: str, *, pool_size: int = 10, statement_timeout_seconds: float | None = None
) -> AsyncEngine:
    """The engine, holding at most ``2 * pool_size`` connections (see the module); with
    ``statement_timeout_seconds`` every connection has PostgreSQL
    cancel any statement running longer (``SET LOCAL statement_timeout`` raises it for
    one transaction, see ``db.queries.timeouts``)."""
    connect_args: dict[str, Any] = {}
    if statement_timeout_seconds:
        connect_args["server_settings"] = {
            "statement_timeout": str(int(statement_timeout_seconds * 1000))
        }
    engine = create_async_engine(
        async_url(url),
        pool_size=2 * pool_size,  # kept once opened: see the module
        max_overflow=0,
        pool_use_lifo=True,  # the warm connection first: see the module
        connect_args=connect_args,
        json_serializer=serialize_json,  # a document that knows its text is sent as it is
    )
    check_on_checkout(engine)
    return engine


PING_AFTER_IDLE_SECONDS = 1.0
_IDLE_SINCE = "dealdesk_idle_since"


def check_on_checkout(
    engine: AsyncEngine, ping_after_seconds: float = PING_AFTER_IDLE_SECONDS
) -> None:
    """Replace a pooled connection at checkout when its socket is closed, or when it has
    been idle ``ping_after_seconds`` or more and fails a ping (the pool then retries the
    checkout with a fresh connection)."""
    pool = engine.sync_engine.pool
    dialect = engine.sync_engine.dialect

    @event.listens_for(pool, "connect")
    def connected(dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(pool, "checkin")
    def checked_in(dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        if _closed(dbapi_connection):
            raise DisconnectionError("the server closed a pooled connection")
        idle_since = record.info.get(_IDLE_SINCE)
        if idle_since is not None and time.monotonic() - idle_since < ping_after_seconds:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as exc:  # any failure: this connection is not to be used
            raise DisconnectionError("a pooled connection failed its ping") from exc


def _closed(dbapi_connection: Any) -> bool:
    """Whether asyncpg has seen the connection's socket close (no round trip)."""
    raw = getattr(dbapi_connection, "_connection", None)
    is_closed = getattr(raw, "is_closed", None)
    return bool(is_closed()) if callable(is_closed) else False


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Objects stay readable after commit: a mutation commits, then builds its payload.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
