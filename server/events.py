"""Cross-process events: PostgreSQL LISTEN on one connection per server process,
fanned out to this process's subscriptions and observers.

Writers NOTIFY inside their transaction (``db.events.publish``), so an event
exists only if its change committed, and every worker or machine listening on
the channel hears it — a subscriber connected to one process sees a decision
made through another.

PostgreSQL does not queue notifications for a listener that is gone: whatever
commits while the LISTEN connection is down (a restart, a fail-over, a network
cut) is never delivered. So the hub reconnects with backoff and, once it listens
again, hands every subscriber a ``resync`` event (``db.events.RESYNC``): "you may
have missed something; send your current state". It listens *before* announcing
the resync, so a change is either notified or already visible to the re-read.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Any

import asyncpg
import structlog
from sqlalchemy.engine import make_url

from db.events import CHANNEL, RESYNC

log = structlog.get_logger("dealdesk.events")
MARKER = "hub_marker"  # this process's own probe (``caught_up``); never fanned out
QUEUE_SIZE = 1000
CONNECT_TIMEOUT_SECONDS = 5.0
# A LISTEN connection cut by the network (not closed by the server) never reports
# its end; a query every few seconds finds out.
KEEPALIVE_SECONDS = 5.0
BACKOFF_FIRST_SECONDS = 0.05
BACKOFF_MAX_SECONDS = 5.0
# A resync names the database time from which changes may have gone unheard: the
# last time the listener was known alive, less the longest a transaction should take
# (rows carry their transaction's start time).
RESYNC_MARGIN = timedelta(minutes=1)

Event = dict[str, Any]
Observer = Callable[[Event], None]


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with full jitter: 50 ms, 100 ms, … capped at 5 s."""
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_FIRST_SECONDS * 2**attempt)
    return random.uniform(ceiling / 2, ceiling)


class EventHub:
    def __init__(self, database_url: str, on_fan_out: Callable[[int], None] | None = None) -> None:
        """``on_fan_out(n)`` hears how many subscribers each event reached (metrics)."""
        # A plain libpq-style URL (the embedded server's names its socket folder in ``?host=``).
        url = make_url(database_url.replace("postgres://", "postgresql://", 1))
        self._dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._subscribers: set[asyncio.Queue[Event]] = set()
        self._observers: list[Observer] = []
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._on_fan_out = on_fan_out
        self._listening = False
        self._connections = 0
        self._alive_at: datetime | None = None  # database time of the last sign of life
        self._connection: asyncpg.Connection | None = None
        self._use = asyncio.Lock()  # one query at a time on the LISTEN connection
        self._markers: dict[str, asyncio.Future[None]] = {}

    @property
    def listening(self) -> bool:
        """True while notifications are being received; while False, events may be lost."""
        return self._listening

    def observe(self, observer: Observer) -> None:
        """Call ``observer`` (synchronously, on the event loop) for every event and every resync."""
        self._observers.append(observer)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._ready.wait(), timeout=10)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _listen(self) -> None:
        attempt = 0
        while True:
            try:
                await self._listen_once()
                attempt = 0  # it was up: the next reconnect starts quickly
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # keep listening through database restarts
                log.warning(
                    "event listener lost its connection", error=str(exc) or type(exc).__name__
                )
            finally:
                self._ready.set()  # start-up must not wait on a database that is down
            await asyncio.sleep(backoff_seconds(attempt))
            attempt += 1

    async def _listen_once(self) -> None:
        """Listen on one connection until it ends; returns or raises when it does."""
        lost = asyncio.Event()
        connection = await asyncpg.connect(dsn=self._dsn, timeout=CONNECT_TIMEOUT_SECONDS)
        try:
            connection.add_termination_listener(lambda _: lost.set())
            await connection.add_listener(CHANNEL, self._on_notify)
            self._connection = connection
            self._listening = True
            self._connections += 1
            self._ready.set()
            log.info("listening for events", channel=CHANNEL, reconnect=self._connections > 1)
            if self._connections > 1:
                since = self._alive_at - RESYNC_MARGIN if self._alive_at else None
                self._broadcast({"topic": RESYNC, "since": since.isoformat() if since else None})
            while not lost.is_set() and not connection.is_closed():
                async with self._use:
                    self._alive_at = await connection.fetchval(
                        "SELECT now()", timeout=KEEPALIVE_SECONDS
                    )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), KEEPALIVE_SECONDS)
            log.warning("event listener's connection closed")
        finally:
            self._listening = False
            self._connection = None
            if not connection.is_closed():
                connection.terminate()

    def _on_notify(self, connection: Any, pid: int, channel: str, payload: str) -> None:
        try:
            event = json.loads(payload)
        except ValueError:
            return
        if not isinstance(event, dict) or event.get("topic") == RESYNC:
            return
        if event.get("topic") == MARKER:
            waiter = self._markers.pop(str(event.get("id")), None)
            if waiter is not None and not waiter.done():
                waiter.set_result(None)
            return
        self._broadcast(event)

    async def caught_up(self, timeout: float = 2.0) -> None:
        """Return once this process has heard every event committed before the call.

        PostgreSQL delivers notifications in commit order, so when a marker sent now
        comes back, everything committed earlier has been fanned out. A mutation that
        changes who may act (``deactivateUser``) waits for this, so the very next request
        to this process already sees the change. Gives up silently after ``timeout`` or
        when not listening (then nothing is cached: see ``ActiveUsers``).
        """
        connection = self._connection
        if connection is None or not self._listening:
            return
        marker = uuid.uuid4().hex
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._markers[marker] = waiter
        try:
            async with asyncio.timeout(timeout):
                async with self._use:
                    await connection.execute(
                        "SELECT pg_notify($1, $2)",
                        CHANNEL,
                        json.dumps({"topic": MARKER, "id": marker}),
                    )
                await waiter
        except Exception:
            log.warning("event hub did not catch up", exc_info=True)
        finally:
            self._markers.pop(marker, None)

    def _broadcast(self, event: Event) -> None:
        for observer in list(self._observers):
            try:
                observer(event)
            except Exception:  # one observer's fault must not silence the others
                log.exception("event observer failed", topic=event.get("topic"))
        for queue in list(self._subscribers):
            if queue.full():  # a stuck subscriber loses old events rather than memory
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(event)
        if self._on_fan_out is not None:
            self._on_fan_out(len(self._subscribers))

    @property
    def subscriber_count(self) -> int:
        """Subscriptions in this process waiting for events (``dealdesk_event_subscribers``)."""
        return len(self._subscribers)

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[Event]]:
        queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_SIZE)
        self._subscribers.add(queue)
        try:
            yield queue
        finally:
            self._subscribers.discard(queue)
