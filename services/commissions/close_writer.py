"""The writes of a period close, overlapped with its computation.

A close computes 100,000 credits' lines in Python and PostgreSQL stores them (parsing each
line's JSON details, checking four foreign keys per line): one after the other, that was a
third of the close's wall time. Here the statements computed so far are handed over in
batches of reps, and a writer task inserts each batch's statements and COPYs its lines on
the close's own connection (one transaction, as before) while the next reps are computed;
PostgreSQL's work runs on the other core.

The credit stream is read on a second connection whose transaction imports the close's
snapshot (``ReadAhead.in_snapshot``): PostgreSQL reads the credits on one backend while
another stores the lines. Where the close's transaction wrote credits itself (which an
exported snapshot does not show), the stream shares the close's connection (a server-side
cursor: other statements may run between its fetches), and every use of it goes through
one lock. The computing loop
yields to the event loop after each rep (``pause``), which lets the writer take its next
step. Statements are inserted in rep order, batch after batch, and their lines in statement
order: the rows, their ids' order included, are those the close wrote in one go. The lines
come encoded as the binary COPY's bytes (``db.codec.statement_lines``): the writer puts each
statement's id before its lines and sends them as they are.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from db.codec.statement_lines import EncodedLines
from db.queries import commission_statements as statement_queries

Row = dict[str, Any]
Lines = Sequence[bytes]

BATCH_LINES = 4_000
"""Statement lines gathered before a batch is handed to the writer (about eight reps of
the bench): big enough that a round trip is rare, small enough that the last batch, which
nothing overlaps, is short."""


class CloseWriter:
    """Inserts statements and COPYs their lines in the background, batch by batch, in order."""

    def __init__(self, session: AsyncSession) -> None:
        self.lock = asyncio.Lock()
        """Held by whoever uses the connection: the writer, or the credit stream's fetch."""
        self._session = session
        self._queue: asyncio.Queue[list[tuple[Row, Lines]] | None] = asyncio.Queue()
        self._batch: list[tuple[Row, Lines]] = []
        self._lines = 0
        self._task: asyncio.Task[int] | None = None

    def add(self, statement: Row, lines: Lines) -> None:
        """Queue one rep's statement row and its lines (``STATEMENT_LINE_COLUMNS`` but the
        statement id, which the insert gives, encoded by ``line_fields``)."""
        self._batch.append((statement, lines))
        self._lines += len(lines) + 1
        if self._lines >= BATCH_LINES:
            self._hand_over()

    async def pause(self) -> None:
        """Let the writer take a step (the computation holds the event loop otherwise)."""
        if self._task is not None:
            await asyncio.sleep(0)

    async def finish(self) -> int:
        """Write what is left and wait for every batch; the number of statements written."""
        self._hand_over()
        return await self._stop()

    async def abandon(self) -> None:
        """After a failure: let the writer finish what it began (a COPY is not left half
        sent on the connection), discard the rest. The transaction rolls everything back."""
        self._batch = []
        if self._task is not None:
            await self._stop(discard=True)  # (a writer that failed: its error is the cause)

    def _hand_over(self) -> None:
        if self._task is not None and self._task.done():
            self._task.result()  # the writer failed: raise its error now, not at the end
        if not self._batch:
            return
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())
        self._queue.put_nowait(self._batch)
        self._batch, self._lines = [], 0

    async def _stop(self, discard: bool = False) -> int:
        if self._task is None:
            return 0
        if discard:
            while not self._queue.empty():
                self._queue.get_nowait()
        self._queue.put_nowait(None)
        try:
            return await self._task
        except Exception:
            if discard:
                return 0
            raise

    async def _run(self) -> int:
        written = 0
        while (batch := await self._queue.get()) is not None:
            async with self.lock:
                ids = await statement_queries.insert_statements(
                    self._session, [statement for statement, _ in batch]
                )
            records = EncodedLines()  # (each statement's id put once before its lines)
            for statement, lines in batch:
                records.add(ids[statement["rep_id"]], lines)
            async with self.lock:
                await statement_queries.copy_statement_lines(self._session, records)
            written += len(batch)
        return written


Stream = AsyncGenerator[tuple[int, list[Any]], None]


class ReadAhead:
    """The credit stream read ahead of the computation, in its own task: on the close's
    connection a fetch waits for the writer's COPY to end, and the computation should not
    wait for both. At most ``depth`` reps' credits are held beyond the one being computed."""

    def __init__(
        self,
        stream: Stream,
        lock: asyncio.Lock,
        depth: int = 32,
        resources: AsyncExitStack | None = None,
    ) -> None:
        self._stream = stream
        self._lock = lock
        self._resources = resources or AsyncExitStack()
        self._queue: asyncio.Queue[tuple[int, list[Any]] | None] = asyncio.Queue(depth)
        self._stopping = False
        self._task = asyncio.get_running_loop().create_task(self._run())

    @classmethod
    async def in_snapshot(
        cls,
        reader: AbstractAsyncContextManager[AsyncConnection | None],
        stream: Callable[[AsyncConnection | None], Stream],
        writer_lock: asyncio.Lock,
    ) -> ReadAhead:
        """``stream`` read on ``reader``, a second connection in the close's snapshot
        (``close_queries.snapshot_reader``), under a lock of its own; or on the close's
        connection (``stream(None)``), under the writer's lock, when there is none (the
        transaction wrote credits itself). ``close`` releases the second connection."""
        resources = AsyncExitStack()
        connection = await resources.enter_async_context(reader)
        try:
            lock = writer_lock if connection is None else asyncio.Lock()
            return cls(stream(connection), lock, resources=resources)
        except BaseException:
            await resources.aclose()
            raise

    async def _run(self) -> None:
        try:
            while not self._stopping:
                async with self._lock:  # (a fetch, every CREDIT_CHUNK rows)
                    item = await anext(self._stream, None)
                await self._queue.put(item)
                if item is None:
                    return
        finally:
            async with self._lock:
                await self._stream.aclose()

    async def next(self) -> tuple[int, list[Any]] | None:
        """The next rep's (id, credit rows), in rep order; None at the end."""
        if self._task.done() and self._queue.empty():
            self._task.result()  # the reader failed: its error
            return None
        return await self._queue.get()

    async def close(self) -> None:
        """Stop reading (after a failure, or at the end) and close the stream: a fetch under
        way ends first (cancelling it would leave the connection mid-query)."""
        self._stopping = True
        while not self._task.done():
            while not self._queue.empty():  # a reader waiting for room stops
                self._queue.get_nowait()
            await asyncio.wait([self._task], timeout=0.01)
        try:
            self._task.result()
        finally:
            await self._resources.aclose()  # (the second connection, rolled back)
