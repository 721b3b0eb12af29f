"""What the in-process write profilers (``profile_quote_edit``, ``profile_quote_create``)
time besides CPU and wall: the cyclic collector's CPU and full passes, and each SQL
statement from sending it to its result (the database's share of the wall time); and how
every in-process profiler takes its options, times its runs and profiles them
(``profiler_options``, ``timed_runs``, ``profile_run``)."""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from harness import percentiles


class CollectorTime:
    """The cyclic collector's CPU (``total`` seconds) and full passes while installed."""

    def __init__(self) -> None:
        self.since = 0.0
        self.total = 0.0
        self.full = 0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.since = time.process_time()
        else:
            self.total += time.process_time() - self.since
            self.full += info["generation"] == 2

    def install(self) -> None:
        gc.callbacks.append(self)

    def remove(self) -> None:
        gc.callbacks.remove(self)

    def report(self, runs: int, what: str) -> str:
        return (
            f"garbage collection: {self.total * 1000 / runs:.1f} ms CPU per {what},"
            f" {self.full} full collections in {runs} {what}s"
        )


class StatementTimes(list[tuple[float, str]]):
    """(ms from sending to result, SQL on one line) of each statement on ``engine``."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        super().__init__()
        event.listen(engine.sync_engine, "before_cursor_execute", self._sent)
        event.listen(engine.sync_engine, "after_cursor_execute", self._answered)

    def _sent(self, *args: Any) -> None:
        args[4].sent_at = time.perf_counter()

    def _answered(self, *args: Any) -> None:
        elapsed = (time.perf_counter() - args[4].sent_at) * 1000
        self.append((elapsed, " ".join(str(args[2]).split())))

    def listing(self, what: str) -> str:
        lines = [f"{what} ({sum(ms for ms, _ in self):.1f} ms in all):"]
        lines += [f"  {ms:8.1f} ms  {sql[:110]}" for ms, sql in self]
        return "\n".join(lines)


async def demo_rep(sessions: Any) -> tuple[Any, dict[str, int], int]:
    """The demo's rep1 as an actor, the demo products' ids by SKU and rep1's first account:
    what the in-process profilers price and save for."""
    from sqlalchemy import select

    from db.models.accounts import Account
    from db.queries.demo import product_ids_by_sku
    from server.demo.running import actor

    async with sessions.begin() as session:
        rep = await actor(session, "rep1@dealdesk.example")
        products = await product_ids_by_sku(session)
        account = await session.scalar(
            select(Account.id).where(Account.owner_id == rep.user_id).order_by(Account.id)
        )
    assert account is not None
    return rep, products, account


def print_load() -> None:
    """The load average, printed beside every figure: the machine is shared."""
    print("load average: {:.2f} {:.2f} {:.2f} (1, 5, 15 min)".format(*os.getloadavg()))


def print_profile(profiler: cProfile.Profile | None, most: int, dump: str | None = None) -> None:
    """The ``most`` costliest calls of a profiled run, by cumulative and by own time (and the
    raw stats to ``dump`` for a viewer); nothing when the run was not profiled."""
    if profiler is None:
        return
    if dump:
        profiler.dump_stats(dump)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(most)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(most)


async def profile_run(
    run: Callable[[], Awaitable[object]],
    most: int,
    sort: str,
    dump: str | None = None,
    restriction: str = "",
) -> None:
    """Await ``run`` once under cProfile and print its ``most`` costliest calls by ``sort``
    (among those matching ``restriction``); the raw stats go to ``$PROFILE_DUMP`` or ``dump``
    when one is named, for a viewer."""
    profiler = cProfile.Profile()
    profiler.enable()
    await run()
    profiler.disable()
    stats = pstats.Stats(profiler)
    if dump:
        stats.dump_stats(os.environ.get("PROFILE_DUMP", dump))
    stats.sort_stats(sort).print_stats(*([restriction] if restriction else []), most)


WARM_UP = 3
"""Runs before the measured ones (caches filled, statements prepared), never timed."""


@dataclass
class TimedRuns:
    """CPU and wall milliseconds of each measured run, and the profile of them (or None)."""

    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    profiler: cProfile.Profile | None = None

    def report(self, label: str) -> str:
        """The two lines every in-process profiler prints: ``label``'s CPU, then its wall time
        (p50/p95), the CPU first as the steadier figure on a shared machine."""
        return f"{label} CPU:  {percentiles(self.cpu)}\n{label} wall: {percentiles(self.wall)}"


async def timed_runs(run: Callable[[int], Awaitable[object]], runs: int, profile: int) -> TimedRuns:
    """Awaits ``run(index)`` ``WARM_UP + runs`` times and times the last ``runs``; with
    ``profile`` set, those measured runs (only them) are also profiled. ``run`` learns
    whether it is measured by ``index >= WARM_UP``."""
    timed = TimedRuns(profiler=cProfile.Profile() if profile else None)
    for index in range(WARM_UP + runs):
        measured = index >= WARM_UP
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        if timed.profiler is not None and measured:
            timed.profiler.enable()
        await run(index)
        if timed.profiler is not None:
            timed.profiler.disable()
        if measured:
            timed.cpu.append((time.process_time() - started_cpu) * 1000)
            timed.wall.append((time.perf_counter() - started_wall) * 1000)
    return timed


def profiler_options(runs: int, sort: str, description: str | None) -> argparse.ArgumentParser:
    """The options every in-process profiler takes: ``--runs`` (``runs`` by default),
    ``--profile N`` (the N costliest calls of one more, profiled, pass) and ``--sort`` (their
    order, ``sort`` by default); a profiler adds its own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--sort", default=sort)
    return parser
