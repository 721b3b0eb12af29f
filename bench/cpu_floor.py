"""One request timed beside the floor (``floor_server``), with the server's CPU per request.

``compare`` sends the same request ``runs`` times to the real server and its answer, from
memory, to the floor server, and prints p50/p95 of both, the ratio, the SQL statements the
request ran and the CPU the server process spent per request (user + system, psutil): on a
machine shared with other work, the CPU figure is the steadier one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import harness
import httpx
from bench_mobile_mix import cpu_seconds, server_process
from floor_server import REMEMBER, floor_document, p50_p95


async def compare(
    label: str,
    call: Callable[[], Awaitable[httpx.Response]],
    floor: httpx.AsyncClient,
    base: str,
    *,
    runs: int,
    goal: str,
    variables: dict[str, Any] | None = None,
) -> None:
    first = (await call()).json()
    if first.get("errors"):
        raise RuntimeError(first["errors"])
    (field, value), *_ = first["data"].items()
    await harness.post(floor, None, REMEMBER, {"n": field, "v": value})
    sent = variables or {}
    document = floor_document(field, sent)

    async def bare() -> httpx.Response:
        return await harness.post(floor, None, document, sent)

    for _ in range(5):  # warm up
        await call()
    process = server_process(base)
    before = cpu_seconds(process)
    measured, statements = await harness.measure(call, runs, warmup=0)
    cpu_ms = (cpu_seconds(process) - before) * 1000 / runs
    floored, _ = await harness.measure(bare, runs)
    (p50, p95), (f50, f95) = (p50_p95(samples) for samples in (measured, floored))
    figures = [
        f"p50={p50:7.2f} ms  p95={p95:7.2f} ms",
        f"floor p50={f50:6.2f} ms p95={f95:6.2f} ms",
        f"p95/floor={p95 / f95:5.2f}x",
        f"cpu/request={cpu_ms:6.2f} ms",
        f"sql={statements:3d}",
        f"goal: {goal}",
    ]
    print(f"{label:34s} " + " | ".join(figures), flush=True)
