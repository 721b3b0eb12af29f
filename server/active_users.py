"""Is the user behind a token still allowed in? Active and existing, checked on every request.

An access token is valid for minutes after its user is deactivated, so the
signature alone is not enough. Asking the database on every request costs a
pooled connection and a round trip; instead each process remembers the answer,
and forgets it when PostgreSQL says a user changed (the ``users`` trigger
NOTIFYs ``user`` events, heard through the event hub).

The cache is trusted only while the hub is listening: while it is not,
notifications are being lost, so every check goes to the database, and when the
hub listens again it announces a resync, which empties the cache. A read that
raced with an invalidation is not stored (a generation counter tells).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.events import RESYNC, USER
from db.queries.users import user_active_flag

MAX_ENTRIES = 100_000


class ActiveUsers:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession] | Callable[[], AsyncSession],
        trusted: Callable[[], bool],
        max_entries: int = MAX_ENTRIES,
    ) -> None:
        self._sessions = sessions
        self._trusted = trusted  # is the event hub listening?
        self._max_entries = max_entries
        self._known: OrderedDict[int, bool] = OrderedDict()
        self._generation = 0

    async def is_active(self, user_id: int) -> bool:
        """True if ``user_id`` exists and is active (a deleted user is simply not active)."""
        if self._trusted() and user_id in self._known:
            self._known.move_to_end(user_id)
            return self._known[user_id]
        generation = self._generation
        async with self._sessions() as session:
            flag = await user_active_flag(session, user_id)
        active = bool(flag)
        # A missing user is not remembered: a user created later may get that id.
        if flag is not None and self._trusted() and generation == self._generation:
            self._known[user_id] = active
            self._known.move_to_end(user_id)
            if len(self._known) > self._max_entries:
                self._known.popitem(last=False)
        return active

    def on_event(self, event: dict[str, Any]) -> None:
        """Forget a changed user; forget everyone after a resync (events may have been lost)
        or when the users table was emptied (``TRUNCATE``, an event without an id)."""
        topic = event.get("topic")
        if topic == USER and event.get("id") is not None:
            self._generation += 1
            self._known.pop(int(event["id"]), None)
        elif topic in (USER, RESYNC):
            self._generation += 1
            self._known.clear()
