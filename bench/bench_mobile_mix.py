"""The mobile mix under load: a phone's small requests (``me``, ``myQuotes(first: 20)``,
``myCommissions``) sent round-robin by 16 concurrent clients to one server process.

Prints, for DealDesk and for the floor measured in the same run (a stock strawberry +
starlette + uvicorn app answering the same JSON from memory):

* server CPU per request: the server process's CPU time (user + system, psutil)
  over the measured window, divided by the requests answered in it;
* requests/s at concurrency 16;
* p50/p95 latency, the ratio to the floor, and SQL statements per request.

The demo org (a rep with quotes, credits and a plan) is the data.

    python bench/bench_mobile_mix.py         # uses DATABASE_URL's server or 127.0.0.1:5432
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import harness
import httpx
import psutil
from floor_server import REMEMBER, floor_document, running_floor

CONCURRENCY = 16
WARMUP_SECONDS = 3.0
MEASURE_SECONDS = 15.0
GOAL_CPU_MS = 4.0
ME = "query Me { me { id name email roles } }"
MY_QUOTES = """query MyQuotes { myQuotes(first: 20) { totalCount
  edges { cursor node { id number name status version netTotal { amount currency }
    account { name } updatedAt } }
  pageInfo { hasNextPage endCursor } } }"""
MY_COMMISSIONS = """query MyCommissions { myCommissions { period { label }
  earned { amount currency } attainmentPercent tier { name }
  nextTier { next { name } revenueNeeded { amount } }
  spifs { label progress target reached } openPipeline { amount } openQuoteCount } }"""
MIX = {"me": ME, "myQuotes": MY_QUOTES, "myCommissions": MY_COMMISSIONS}
REP = "rep1@dealdesk.example"


# The floor: the same answers from memory, through stock strawberry on starlette and uvicorn
# (bench/floor_server.py, shared with the priceQuote and quote-write benchmarks).
FLOOR_MIX = {name: floor_document(name, {}) for name in MIX}


def server_process(base: str) -> psutil.Process:
    """The process listening on ``base``'s port (uvicorn's, a child of the one we started)."""
    port = int(base.rsplit(":", 1)[1])
    for conn in psutil.net_connections(kind="tcp"):
        listening = conn.status == psutil.CONN_LISTEN and conn.laddr
        if listening and conn.laddr.port == port and conn.pid is not None:
            return psutil.Process(conn.pid)
    raise RuntimeError(f"no process listens on {port}")


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


class Load:
    """Latencies, statement counts and request totals of one load run."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self.statements: dict[str, int] = {}
        self.requests = 0


async def load(
    base: str,
    headers: dict[str, str],
    mix: dict[str, str],
    process: psutil.Process,
) -> tuple[Load, float, float]:
    """Run the mix at CONCURRENCY: (the measured load, CPU seconds used, wall seconds)."""
    names = list(mix)
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        measured = Load()
        phase = {"measuring": False, "stop": False}

        async def client(offset: int) -> None:
            i = offset
            while not phase["stop"]:
                name = names[i % len(names)]
                i += 1
                started = time.perf_counter()
                response = await http.post("/graphql", headers=headers, json={"query": mix[name]})
                elapsed = (time.perf_counter() - started) * 1000
                body = response.json()
                if body.get("errors"):
                    raise RuntimeError(body["errors"])
                if phase["measuring"]:
                    measured.samples.append(elapsed)
                    measured.requests += 1
                    if "x-sql-statements" in response.headers:
                        measured.statements[name] = int(response.headers["x-sql-statements"])

        tasks = [asyncio.create_task(client(k)) for k in range(CONCURRENCY)]
        await asyncio.sleep(WARMUP_SECONDS)
        cpu_before = cpu_seconds(process)
        wall_before = time.perf_counter()
        phase["measuring"] = True
        await asyncio.sleep(MEASURE_SECONDS)
        phase["measuring"] = False
        cpu_after = cpu_seconds(process)
        wall = time.perf_counter() - wall_before
        phase["stop"] = True
        await asyncio.gather(*tasks)
    return measured, cpu_after - cpu_before, wall


def line(label: str, measured: Load, cpu: float, wall: float) -> tuple[float, float]:
    cpu_ms = cpu * 1000 / measured.requests
    rate = measured.requests / wall
    statements = ", ".join(f"{k}={v}" for k, v in measured.statements.items()) or "-"
    print(
        f"{label:<9} cpu/request={cpu_ms:6.2f} ms  requests/s={rate:7.1f}  "
        f"{harness.percentiles(measured.samples)}  sql_statements: {statements}"
    )
    return cpu_ms, rate


async def remember(floor_base: str, recorded: dict[str, Any]) -> None:
    """Give the floor each request's answer, to send back under the same key."""
    async with httpx.AsyncClient(base_url=floor_base, timeout=60) as floor:
        for name, data in recorded.items():
            await harness.post(floor, None, REMEMBER, {"n": name, "v": data[name]})


async def answers(base: str) -> tuple[dict[str, str], dict[str, Any]]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        headers = await harness.sign_in(http, REP)
        recorded = {name: await harness.data(http, headers, query) for name, query in MIX.items()}
    return headers, recorded


def main() -> None:
    with harness.fresh_database("dealdesk_bench_mobile_mix") as url:
        harness.load_demo(url)
        with harness.running_server(url) as base:
            headers, recorded = asyncio.run(answers(base))
            server = server_process(base)
            with running_floor(harness.free_port()) as floor_base:
                asyncio.run(remember(floor_base, recorded))
                print(
                    f"mobile mix {list(MIX)} round-robin, concurrency {CONCURRENCY}, "
                    f"{MEASURE_SECONDS:.0f} s each; machine load {os.getloadavg()[0]:.1f}"
                )
                floor = server_process(floor_base)
                f_cpu, f_rate = line("floor", *asyncio.run(load(floor_base, {}, FLOOR_MIX, floor)))
                d_cpu, d_rate = line("dealdesk", *asyncio.run(load(base, headers, MIX, server)))
                print(
                    f"ratio     cpu/request={d_cpu / f_cpu:5.2f}x floor  "
                    f"requests/s={d_rate / f_rate:5.2f}x floor  "
                    f"goal: cpu/request <= {GOAL_CPU_MS:.0f} ms "
                    f"({'met' if d_cpu <= GOAL_CPU_MS else 'not met'})"
                )


if __name__ == "__main__":
    main()
