"""Worker processes addressed one by one, for work that gives each worker a context once.

``CpuPool.run_in_process`` hands each call to whichever process of its pool is free, so
every call must carry all it needs. A period close sends a few megabytes of inputs to each
worker once, then many small batches that use them: here each worker is a pool of one
process (a ``ProcessPoolExecutor`` with one worker), so what is sent to worker ``i`` runs
there, after everything sent to it before.

Processes are spawned (not forked: the parent has threads and an event loop) on first use,
and stay up for the next caller (start-up imports the app's modules: seconds on a slow
machine); ``warm`` starts them early. A worker that dies fails what was sent to it with
``BrokenProcessPool``; ``replace`` gives its index a fresh process for later work (which
must then send its context again). Arguments and results are pickled by the executor's
own threads, off the event loop.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class Workers:
    """``count`` processes, each running what it is sent in order."""

    def __init__(self, count: int) -> None:
        if count < 1:
            raise ValueError("Workers need at least one process.")
        self.count = count
        self._executors: list[ProcessPoolExecutor | None] = [None] * count
        self._guard = threading.Lock()

    def _executor(self, index: int) -> ProcessPoolExecutor:
        with self._guard:
            executor = self._executors[index]
            if executor is None:
                executor = self._executors[index] = ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn")
                )
            return executor

    def submit(self, index: int, fn: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """Run ``fn(*args)`` on worker ``index`` after what it was sent before; ``fn`` (a
        module-level function) and its arguments must pickle. Raises ``BrokenProcessPool``
        (here or from the future) when the worker died."""
        return asyncio.wrap_future(self._executor(index).submit(fn, *args))

    def warm(self, fn: Callable[[], object]) -> None:
        """Start every worker now with ``fn`` (importing its module): start-up then overlaps
        whatever the caller does next. Idempotent for workers already up."""
        for index in range(self.count):
            with self._guard:
                started = self._executors[index] is not None
            if not started:
                self._executor(index).submit(fn)

    @property
    def started(self) -> int:
        """How many of the workers have a process (started, or starting)."""
        with self._guard:
            return sum(executor is not None for executor in self._executors)

    def replace(self, index: int) -> None:
        """After worker ``index`` died: the next ``submit`` to it starts a fresh process."""
        with self._guard:
            executor, self._executors[index] = self._executors[index], None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        with self._guard:
            executors, self._executors = self._executors, [None] * self.count
        for executor in executors:
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)
