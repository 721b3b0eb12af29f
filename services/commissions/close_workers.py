"""A close's reps computed in worker processes, in batches, their results taken in rep order.

Decoding 100,000 credits, rating the reps' periods and building their statements and line
records is about ten seconds of pure Python: on the event loop, the server would answer
nothing else meanwhile. A close of ``WORKERS_FROM_REPS`` reps or more therefore sends its
``CloseTables`` once to each worker process (``offload.workers.Workers``, kept warm between
closes), then batches of reps' credit rows (about ``BATCH_CREDITS`` credits each) to the
least busy worker; statement rows and line records (already the bytes the COPY sends:
``db.codec.statement_lines``) come back, and are taken in the order the batches were sent,
so the close writes the same rows, with the same ids, as when everything ran in its own
process. Two workers rate two batches at once on two cores.

Smaller closes compute here, one rep at a time (no process start-up for a handful of reps),
and so does a batch whose worker died (``BrokenProcessPool``): the worker is replaced for
later closes and this close no longer uses it. A refusal raised while computing a rep (a
missing exchange rate) refuses the close as it does in process.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from offload import Workers
from services.collector import collector_paused
from services.commissions.close_reps import CloseTables, Phases, RepClose, rep_close
from services.refusal import Refusal, Refused

WORKERS_FROM_REPS = 24
"""Closes of fewer reps compute in the close's own process."""

BATCH_CREDITS = 1_000
"""Credits (plus one per rep) sent to a worker at a time: about two reps of the bench. The
executor pickles a batch and unpickles its result in one uninterrupted call each, holding
the GIL: smaller batches hold the event loop for less (``bench_close``'s p99 stall, 2-core
machine at load 9-17: 155-178 ms at 500, 166-295 ms at 1,000, 285-424 ms at 2,500)."""

IN_FLIGHT_PER_WORKER = 2
"""Batches sent ahead to each worker (one computing, one waiting)."""

Batch = list[tuple[int, list[Any]]]
"""(rep id, the rep's credit rows), in rep order."""

_DEFAULT: list[Workers] = []


def default_workers() -> Workers:
    """The process's close workers (one per core, two to four), started on first use."""
    if not _DEFAULT:
        _DEFAULT.append(Workers(min(4, max(2, os.cpu_count() or 2))))
    return _DEFAULT[0]


def warm_default_workers() -> None:
    """Start the process's close workers now, in the background (the app's lifespan, with
    ``Settings.warm_close_workers``): their imports then overlap the server's start, not a
    close."""
    default_workers().warm(ready)


def shutdown_default_workers() -> None:
    """Stop the process's close workers, if any started (the app's lifespan, at shutdown)."""
    while _DEFAULT:
        _DEFAULT.pop().shutdown()


class _Rows:
    """A batch as it goes to a worker: driver records become tuples when pickled (by the
    executor's thread, not on the event loop)."""

    def __init__(self, batch: Batch) -> None:
        self.batch = batch

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Rows, ([(rep, [tuple(row) for row in rows]) for rep, rows in self.batch],))


# --- in the worker process ----------------------------------------------------------------

_TABLES: dict[str, CloseTables] = {}
"""The inputs of the closes under way, by token (a few at most: ``forget`` drops them)."""


def ready() -> None:
    """Nothing: sent first to start a worker (unpickling it imports this module)."""


def load(token: str, tables: CloseTables) -> None:
    _TABLES[token] = tables


def forget(token: str) -> None:
    _TABLES.pop(token, None)


_Done = tuple[list[tuple[int, RepClose]], tuple[Refusal, ...], list[tuple[str, float, float]]]


def compute(token: str, rows: _Rows) -> _Done | None:
    """The batch's reps' closes (or the refusals of the close) and the phases they took;
    None when this process has not the close's tables (a fresh process that replaced a
    dead one while the close was under way): the close computes the batch itself."""
    tables, timer = _TABLES.get(token), Phases()
    if tables is None:
        return None
    done = []
    try:
        with collector_paused():
            for rep, credits in rows.batch:
                done.append((rep, rep_close(tables, rep, credits, timer)))
                timer.mark("line records")
    except Refused as refused:  # (a Refused does not survive pickling: its refusals do)
        return [], tuple(refused.refusals), []
    return done, (), timer.phases


# --- in the close's process ---------------------------------------------------------------


@dataclass
class _Sent:
    batch: Batch
    worker: int | None
    result: asyncio.Future[_Done | None] | None = field(default=None)


class RepBatches:
    """Reps' closes computed in batches, taken back in the order they were sent."""

    def __init__(self, tables: CloseTables, workers: Workers | None, timer: Phases) -> None:
        self._tables, self._workers, self._timer = tables, workers, timer
        self._token = uuid.uuid4().hex
        self._sent: deque[_Sent] = deque()
        self._alive: list[int] = []
        self._dead: set[int] = set()
        self._loads: dict[int, asyncio.Future[None]] = {}
        if workers is not None:
            workers.warm(ready)
            for index in range(workers.count):
                try:
                    self._loads[index] = workers.submit(index, load, self._token, tables)
                    self._alive.append(index)
                except BrokenProcessPool:
                    self._dead.add(index)

    @property
    def batch_credits(self) -> int:
        """Credits to gather before ``send``: one rep at a time when computing here."""
        return BATCH_CREDITS if self._alive else 0

    def full(self) -> bool:
        """Enough batches sent ahead: take one (``next``) before sending another."""
        return len(self._sent) >= max(1, IN_FLIGHT_PER_WORKER * len(self._alive))

    def __len__(self) -> int:
        return len(self._sent)

    def send(self, batch: Batch) -> None:
        """Start computing ``batch`` (on the least busy worker, or here when taken)."""
        sent = _Sent(batch, None)
        if self._alive and self._workers is not None:
            busy = {index: 0 for index in self._alive}
            for other in self._sent:
                if other.worker in busy:
                    busy[other.worker] += 1
            sent.worker = min(self._alive, key=lambda index: busy[index])
            try:
                sent.result = self._workers.submit(sent.worker, compute, self._token, _Rows(batch))
            except BrokenProcessPool:
                self._lost(sent.worker)
                sent.worker = None
        self._sent.append(sent)

    async def next(self) -> list[tuple[int, RepClose]]:
        """The first batch sent and not yet taken: each rep's close, in rep order."""
        sent = self._sent.popleft()
        if sent.result is not None:
            try:
                computed = await sent.result
            except BrokenProcessPool:  # the worker died: compute its batch here
                self._lost(sent.worker)
            except Exception:
                self._raise_failed_load(sent.worker)  # (the cause, where the tables failed)
                raise
            else:
                if computed is None:  # a replacement without the tables: compute it here
                    self._lost(sent.worker)
                    return self._here(sent.batch)
                done, refusals, phases = computed
                if refusals:
                    raise Refused(*refusals)
                for name, wall, cpu in phases:
                    self._timer.add(f"{name} (workers)", wall, cpu)
                self._timer.mark("waited for workers")
                return done
        return self._here(sent.batch)

    def _here(self, batch: Batch) -> list[tuple[int, RepClose]]:
        return [(rep, rep_close(self._tables, rep, rows, self._timer)) for rep, rows in batch]

    async def close(self) -> None:
        """Drop what is still sent (after a failure), let the workers forget the tables, and
        replace those that died (for later closes)."""
        for sent in self._sent:
            if sent.result is not None:
                sent.result.cancel()
        self._sent.clear()
        if self._workers is None:
            return
        for index in self._alive:
            try:
                self._workers.submit(index, forget, self._token)
            except BrokenProcessPool:
                self._dead.add(index)
        for index in self._dead:
            self._workers.replace(index)
        self._dead.clear()

    def _lost(self, index: int | None) -> None:
        """Worker ``index`` died: this close sends it nothing more (``close`` replaces it)."""
        if index is not None and index in self._alive:
            self._alive.remove(index)
            self._dead.add(index)

    def _raise_failed_load(self, index: int | None) -> None:
        load = self._loads.get(index) if index is not None else None
        if load is not None and load.done() and not load.cancelled():
            error = load.exception()
            if error is not None:
                raise error
