"""Cross-process events: PostgreSQL LISTEN on one connection per server process,
fanned out to this process's subscriptions.

Writers NOTIFY inside their transaction (``db.events.publish``), so an event
exists only if its change committed, and every worker or machine listening on
the channel hears it — a subscriber connected to one process sees a decision
made through another.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import structlog
from sqlalchemy.engine import make_url

from db.events import CHANNEL

log = structlog.get_logger("dealdesk.events")
RECONNECT_SECONDS = 2.0
QUEUE_SIZE = 1000


class EventHub:
    def __init__(
        self, database_url: str, on_fan_out: Callable[[int], None] | None = None
    ) -> None:
        """``on_fan_out(n)`` hears how many subscribers each event reached (metrics)."""
        # A plain libpq-style URL (the embedded server's names its socket folder in ``?host=``).
        url = make_url(database_url.replace("postgres://", "postgresql://", 1))
        self._dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._subscribers: set[asyncio.Queue[dict[str, Any]]] = set()
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._on_fan_out = on_fan_out

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
        while True:
            connection = None
            try:
                connection = await asyncpg.connect(dsn=self._dsn)
                await connection.add_listener(CHANNEL, self._on_notify)
                self._ready.set()
                log.info("listening for events", channel=CHANNEL)
                while not connection.is_closed():
                    await asyncio.sleep(RECONNECT_SECONDS)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # keep listening through database restarts
                self._ready.set()  # start-up must not wait on a database that is down
                log.warning("event listener lost its connection", error=str(exc))
            finally:
                if connection is not None and not connection.is_closed():
                    with contextlib.suppress(Exception):
                        await connection.close()
            await asyncio.sleep(RECONNECT_SECONDS)

    def _on_notify(self, connection: Any, pid: int, channel: str, payload: str) -> None:
        try:
            event = json.loads(payload)
        except ValueError:
            return
        for queue in list(self._subscribers):
            if queue.full():  # a stuck subscriber loses old events rather than memory
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(event)
        if self._on_fan_out is not None:
            self._on_fan_out(len(self._subscribers))

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._subscribers.add(queue)
        try:
            yield queue
        finally:
            self._subscribers.discard(queue)
