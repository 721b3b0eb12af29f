"""The home screens over HTTP on a realistic org, beside the floor measured in the same run.

The org: the demo, grown in SQL (``tests/api/home/org.py``) to 20 managers of 10 reps each
(200 reps, each new rep with a demo rep's month of activities, KPI rollups and targets,
plan, credits and contest entry: the running call race has 200 entrants) and about 20,000
quotes (every rep about 100, with revisions and lines, validity ends and creation dates
spread so the urgency buckets fill). Then ``ANALYZE``.

Times, for rep1 and for Maya East (10 reps, about 1,000 quotes), the documents the typed
client sends (``clients/typescript/src/operations/repHome.graphql`` and
``managerHome.graphql``): p50/p95, the floor (a stock strawberry + starlette + uvicorn app
answering the same JSON from memory, ``floor_server.py``), the ratio, the server CPU per
request and the SQL statements. The goal is p95 <= 50 ms. The load average is printed
before and after: the machine is shared.

    python bench/home_screens.py        # uses DATABASE_URL's server or 127.0.0.1:5432
    BENCH_RUNS=100 python bench/home_screens.py
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import harness
import httpx
from cpu_floor import compare
from floor_server import running_floor

from tests.api.home.org import clone_quotes_sql, clone_reps_sql

RUNS = int(os.environ.get("BENCH_RUNS", "200"))
MANAGERS, REPS_PER_MANAGER, QUOTES = 20, 10, 20_000
OPERATIONS = harness.ROOT / "clients" / "typescript" / "src" / "operations"
REP, MANAGER = "rep1@dealdesk.example", "east.manager@dealdesk.example"
GOAL = "p95 <= 50 ms"


def document(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text(encoding="utf-8")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


async def seed(url: str) -> None:
    async with harness.connection(url) as conn:
        started = time.perf_counter()
        # 18 more managers like Maya East (no manager above them).
        await conn.execute(clone_reps_sql(MANAGER, "nobody", MANAGERS - 2, "manager"))
        managers = [MANAGER, "west.manager@dealdesk.example"] + [
            f"manager{n}@dealdesk.example" for n in range(1, MANAGERS - 1)
        ]
        for n, manager in enumerate(managers):
            have = await conn.fetchval(
                "SELECT count(*) FROM users WHERE manager_id = "
                "(SELECT id FROM users WHERE email = $1)",
                manager,
            )
            await conn.execute(clone_reps_sql(REP, manager, REPS_PER_MANAGER - have, f"m{n}rep"))
        reps = await conn.fetchval("SELECT count(*) FROM users WHERE 'REP' = ANY(roles)")
        source = await conn.fetchval(
            "SELECT count(*) FROM quotes q JOIN users u ON u.id = q.owner_id WHERE u.email = $1",
            REP,
        )
        have = await conn.fetchval("SELECT count(*) FROM quotes")
        copies = max(1, round((QUOTES - have) / (source * reps)))
        # Every rep but rep1 gets copies of rep1's quotes; rep1 as many again of its own.
        await conn.execute(clone_quotes_sql(REP, "email LIKE 'm%rep%'", copies, jitter=True))
        await conn.execute(clone_quotes_sql(REP, f"email = '{REP}'", copies, jitter=True))
        await conn.execute("ANALYZE")
        quotes = await conn.fetchval("SELECT count(*) FROM quotes")
        activities = await conn.fetchval("SELECT count(*) FROM activities")
        mine = await conn.fetchval(
            "SELECT count(*) FROM quotes q JOIN users u ON u.id = q.owner_id WHERE u.email = $1",
            REP,
        )
        team = await conn.fetchval(
            "SELECT count(*) FROM quotes q JOIN users u ON u.id = q.owner_id "
            "WHERE u.manager_id = (SELECT id FROM users WHERE email = $1)",
            MANAGER,
        )
        print(
            f"seeded in {time.perf_counter() - started:.1f} s: {reps} reps under {MANAGERS} "
            f"managers, {quotes:,} quotes ({mine} rep1's, {team:,} of Maya East's team), "
            f"{activities:,} activities",
            flush=True,
        )


async def run(base: str) -> None:
    port = harness.free_port()
    with running_floor(port) as floor_base:
        async with (
            httpx.AsyncClient(base_url=base, timeout=60) as http,
            httpx.AsyncClient(base_url=floor_base, timeout=60) as floor,
        ):
            print(load(), flush=True)
            for label, who, name, variables in (
                ("repHome (rep1)", REP, "repHome", {"first": 10}),
                ("managerHome (Maya East, 10 reps)", MANAGER, "managerHome", {}),
            ):
                headers = await harness.sign_in(http, who)
                query = document(name)

                def call(
                    query: str = query, headers: dict[str, str] = headers, v: dict = variables
                ) -> Awaitable[httpx.Response]:
                    return harness.post(http, headers, query, v)

                runner: Callable[[], Awaitable[httpx.Response]] = call
                await compare(label, runner, floor, base, runs=RUNS, goal=GOAL)
            print(load(), flush=True)


def main() -> None:
    with harness.fresh_database(os.environ.get("BENCH_DATABASE", "dealdesk_bench_home")) as url:
        started = time.perf_counter()
        harness.load_demo(url)
        print(f"demo loaded in {time.perf_counter() - started:.1f} s", flush=True)
        asyncio.run(seed(url))
        with harness.running_server(url) as base:
            asyncio.run(run(base))


if __name__ == "__main__":
    assert Path(OPERATIONS).is_dir(), OPERATIONS
    main()
