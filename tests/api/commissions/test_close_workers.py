"""The close's reps computed in worker processes: the event loop stays free, results unchanged.

A close of many reps sends its tables once to each worker process and its reps' credits in
batches; the statements and lines it stores are those of the reference path (the engine
run on the credits read as ORM rows). Nothing of a rep's computation runs in the server's
process, so other requests are answered meanwhile. A worker that died leaves its batches
to the close's own process, and is replaced for the next close.
"""

from __future__ import annotations

import asyncio
import os
import time
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest
from starlette.applications import Starlette

from offload import Workers
from server.app import create_app
from server.settings import Settings
from services.commissions import close_workers
from tests.api.commissions.conftest import Commissions
from tests.api.commissions.test_close_streaming import (
    test_the_streamed_close_stores_what_the_previous_computation_did as streamed_close,
)


@pytest.fixture
def in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every close in workers, one rep per batch."""
    monkeypatch.setattr(close_workers, "WORKERS_FROM_REPS", 0)
    monkeypatch.setattr(close_workers, "BATCH_CREDITS", 1)


def _not_here(*args: Any) -> Any:
    raise AssertionError("a rep was computed in the server's process")


class Ticker:
    """A coroutine that asks to run every millisecond: how often it ran, its longest wait."""

    def __init__(self) -> None:
        self.ticks = 0
        self.longest = 0.0

    async def run(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.001)
            self.ticks += 1
            self.longest = max(self.longest, time.perf_counter() - started)


async def test_a_close_in_workers_computes_nothing_on_the_event_loop(
    comm: Commissions, monkeypatch: pytest.MonkeyPatch, in_workers: None
) -> None:
    monkeypatch.setattr(close_workers, "rep_close", _not_here)  # (the workers have their own)
    ticker = Ticker()
    ticking = asyncio.get_running_loop().create_task(ticker.run())
    try:
        await streamed_close(comm)  # (compares every statement and line with the reference)
    finally:
        ticking.cancel()
    assert ticker.ticks > 0  # another coroutine ran while the period closed


async def test_a_dead_worker_leaves_the_close_to_the_other_and_is_replaced(
    comm: Commissions, monkeypatch: pytest.MonkeyPatch, in_workers: None
) -> None:
    workers = close_workers.default_workers()
    with pytest.raises(BrokenProcessPool):
        await workers.submit(0, os._exit, 1)  # worker 0 dies
    monkeypatch.setattr(close_workers, "rep_close", _not_here)  # the living worker computes
    await streamed_close(comm)
    assert await workers.submit(0, close_workers.ready) is None  # a fresh worker 0


class _Dying(Workers):
    """Workers that take the tables, then die on every batch."""

    def submit(self, index: int, fn: Any, *args: Any) -> asyncio.Future[Any]:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        if fn is close_workers.compute:
            future.set_exception(BrokenProcessPool("a worker died"))
        else:
            future.set_result(None)
        self.sent.append(fn)
        return future

    def warm(self, fn: Any) -> None:
        pass

    def replace(self, index: int) -> None:
        self.replaced.append(index)


async def test_batches_whose_worker_died_are_computed_by_the_close(
    comm: Commissions, monkeypatch: pytest.MonkeyPatch, in_workers: None
) -> None:
    dying = _Dying(2)
    dying.sent, dying.replaced = [], []  # type: ignore[attr-defined]
    monkeypatch.setattr(close_workers, "default_workers", lambda: dying)
    await streamed_close(comm)  # the reference rows all the same
    sent = dying.sent  # type: ignore[attr-defined]
    assert sent.count(close_workers.load) == 2
    assert close_workers.compute in sent
    assert sorted(dying.replaced) == [0, 1]  # type: ignore[attr-defined]


async def test_the_server_starts_its_close_workers_with_it_and_stops_them(
    settings: Settings,
) -> None:
    """With ``warm_close_workers`` (the default), the first close finds its workers up."""
    close_workers.shutdown_default_workers()  # (a close before may have started them)
    app: Starlette = create_app(settings.model_copy(update={"warm_close_workers": True}))
    async with app.router.lifespan_context(app):
        workers = close_workers.default_workers()
        assert workers.started == workers.count >= 2
        assert await workers.submit(0, close_workers.ready) is None  # up and answering
    assert not close_workers._DEFAULT  # stopped with the server
