"""A bounded pool for CPU-bound work, so one heavy request never freezes the others.

Everything the server does runs on one event loop: while a coroutine computes,
no other request (not even ``/healthz``) is answered. Heavy work therefore goes
to one of two bounded pools:

* **threads** for work that releases the GIL while it computes (argon2 hashing
  in ``argon2-cffi``): cheap to hand over, and the loop keeps running.
* **processes** for pure-Python work that holds the GIL (fpdf2 laying out a
  PDF): a thread would still starve the loop, so it runs in another process.
  Such work must be a module-level function fed plain picklable values (the
  ``documents`` package renders from frozen dataclasses), and returns bytes.

Both are bounded by their size; further work waits in the executor's queue
without blocking the loop. The process pool is spawned on first use, so tests
and commands that never render pay nothing, and is rebuilt if a worker dies.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class CpuPool:
    """``run_in_thread`` / ``run_in_process``: await CPU work without holding the loop."""

    def __init__(self, *, threads: int = 4, processes: int = 2) -> None:
        if threads < 1 or processes < 1:
            raise ValueError("A CPU pool needs at least one thread and one process.")
        self.thread_count = threads
        self.process_count = processes
        self._threads: ThreadPoolExecutor | None = None
        self._processes: ProcessPoolExecutor | None = None
        self._guard = threading.Lock()

    def _thread_pool(self) -> ThreadPoolExecutor:
        with self._guard:
            if self._threads is None:
                self._threads = ThreadPoolExecutor(
                    self.thread_count, thread_name_prefix="dealdesk-cpu"
                )
            return self._threads

    def _process_pool(self) -> ProcessPoolExecutor:
        with self._guard:
            if self._processes is None:
                # spawn, not fork: the parent has threads and an event loop that a
                # forked child would inherit in an unknown state.
                self._processes = ProcessPoolExecutor(
                    self.process_count, mp_context=multiprocessing.get_context("spawn")
                )
            return self._processes

    async def run_in_thread(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """For work that releases the GIL (C extensions such as argon2)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._thread_pool(), functools.partial(fn, *args, **kwargs)
        )

    async def run_in_process(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """For pure-Python work that holds the GIL; ``fn`` and its arguments must pickle."""
        loop = asyncio.get_running_loop()
        pool = self._process_pool()
        try:
            return await loop.run_in_executor(pool, functools.partial(fn, *args, **kwargs))
        except BrokenProcessPool:
            # A worker died (killed, out of memory): the next call gets a fresh pool.
            with self._guard:
                if self._processes is pool:
                    self._processes = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise

    def shutdown(self) -> None:
        with self._guard:
            threads, processes = self._threads, self._processes
            self._threads = self._processes = None
        if threads is not None:
            threads.shutdown(wait=False, cancel_futures=True)
        if processes is not None:
            processes.shutdown(wait=True, cancel_futures=True)
