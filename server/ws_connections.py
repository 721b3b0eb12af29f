"""This process's live WebSocket connections: caps per user and per address, and ending them.

Counts are kept in memory, per server process: with ``--workers 4`` a user may
hold up to four times the cap across the workers (and a load balancer spreads
connections over machines the same way). That bounds what one user or address
can pin on one process, which is what the cap protects.

Close codes follow graphql-transport-ws (``graphql-ws``'s ``CloseCode``):

* 4403 Forbidden: the token expired, the user was deactivated or no longer
  exists, or the token is invalid. A client reconnects with a fresh token.
* 4429 Too many connections for this user or address, or too many connection
  attempts from this address in a while (the protocol's "too many requests"
  code; ``graphql-ws`` clients do not retry it blindly).
* 4408 connection_init did not arrive in time.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import structlog
from limits import parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from db.events import RESYNC, USER

log = structlog.get_logger("dealdesk.ws")

FORBIDDEN = 4403
TOO_MANY = 4429
TOKEN_EXPIRED = "Forbidden: the access token expired"
USER_INACTIVE = "Forbidden: the user is deactivated"


class Refused(Exception):
    """A connection that must be closed with ``code`` and ``reason`` instead of acknowledged."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class Endable(Protocol):
    async def end(self, code: int, reason: str) -> None: ...


class Connections:
    def __init__(
        self,
        *,
        per_user: int,
        per_address: int,
        connect_rate: str = "60/minute",
        is_active: Callable[[int], Awaitable[bool]] | None = None,
    ) -> None:
        self.per_user = per_user
        self.per_address = per_address
        self._rate = parse(
            connect_rate
        )  # a bad setting fails at start-up, not at the first connection
        self._attempts = MovingWindowRateLimiter(MemoryStorage())
        self._is_active = is_active
        self._by_address: dict[str, int] = defaultdict(int)
        self._by_user: dict[int, set[Endable]] = defaultdict(set)
        self._tasks: set[asyncio.Task[None]] = set()

    async def open(self, address: str) -> None:
        """Count a new connection from ``address``, or refuse it (too fast, or too many open)."""
        if not await self._attempts.hit(self._rate, "ws-connect", address):
            raise Refused(TOO_MANY, "Too many connection attempts from this address")
        if self._by_address[address] >= self.per_address:
            raise Refused(TOO_MANY, "Too many connections from this address")
        self._by_address[address] += 1

    def closed(self, address: str) -> None:
        self._by_address[address] -= 1
        if self._by_address[address] <= 0:
            del self._by_address[address]

    def signed_in(self, user_id: int, connection: Endable) -> None:
        """Count ``connection`` as ``user_id``'s, or refuse it."""
        mine = self._by_user[user_id]
        if len(mine) >= self.per_user:
            if not mine:
                del self._by_user[user_id]
            raise Refused(TOO_MANY, "Too many connections for this user")
        mine.add(connection)

    def signed_out(self, user_id: int, connection: Endable) -> None:
        mine = self._by_user.get(user_id)
        if mine is not None:
            mine.discard(connection)
            if not mine:
                del self._by_user[user_id]

    def on_event(self, event: dict[str, Any]) -> None:
        """End a deactivated user's connections; after a resync, re-check every connected user."""
        topic = event.get("topic")
        if topic == USER and event.get("id") is not None:
            if not event.get("active", True):
                self._end_all(int(event["id"]), USER_INACTIVE)
        elif (
            topic in (USER, RESYNC) and self._is_active is not None
        ):  # lost events, or users emptied
            self._spawn(self._recheck(list(self._by_user)))

    async def _recheck(self, user_ids: list[int]) -> None:
        assert self._is_active is not None
        for user_id in user_ids:
            try:
                active = await self._is_active(user_id)
            except Exception:  # the database went away again; the next resync checks again
                log.warning("could not re-check a connected user", user_id=user_id, exc_info=True)
                return
            if not active:
                self._end_all(user_id, USER_INACTIVE)

    def _end_all(self, user_id: int, reason: str) -> None:
        for connection in list(self._by_user.get(user_id, ())):
            self._spawn(connection.end(FORBIDDEN, reason))

    def _spawn(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
