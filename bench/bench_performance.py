"""Sales performance over HTTP, against a real server and PostgreSQL:

* ingest: batches of 1,000 activities through ``recordActivities`` (4 clients at once), for
  200 reps over a quarter, printed as activities per second;
* a rep's KPI card (``myKpiCard``, every standard metric, the quarter) and a manager's team
  KPIs (200 reps, 4 metrics, the month), p50/p95, beside the raw-SQL floor: the one rollup
  statement the card runs, timed over asyncpg.

    python bench/bench_performance.py            # 200,000 activities
    BENCH_ACTIVITIES=1000000 python bench/bench_performance.py
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from datetime import UTC, datetime, timedelta

import httpx
from harness import (
    connect,
    data,
    fresh_database,
    load_demo,
    measure,
    operation,
    percentiles,
    post,
    running_server,
    sign_in,
)
from strawberry.relay import to_base64

REPS = 200
BATCH = 1_000
CLIENTS = 4
RUNS = 40
ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "200000"))
END = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
KINDS = ["DIAL"] * 6 + ["CONTACT", "EMAIL", "TRANSFER", "SHIFT", "LEAD"]
FLOOR = """
SELECT r.metric, sum(r.count), sum(r.total) FROM metric_rollups r
WHERE r.rep_id = $1 AND r.day >= $2 AND r.day < $3 GROUP BY r.metric
"""


async def add_reps(url: str) -> list[int]:
    """200 reps under the east manager, with rep1's password, by SQL."""
    conn = await connect(url)
    try:
        manager = await conn.fetchval(
            "SELECT id FROM users WHERE email = 'east.manager@dealdesk.example'"
        )
        password = await conn.fetchval(
            "SELECT password_hash FROM users WHERE email = 'rep1@dealdesk.example'"
        )
        await conn.execute(
            "UPDATE users SET manager_id = $1 WHERE email = 'rep1@dealdesk.example'", manager
        )
        rows = [
            (f"bench{i}@dealdesk.example", f"Bench Rep {i}", password, manager)
            for i in range(REPS - 1)
        ]
        await conn.executemany(
            "INSERT INTO users (email, name, password_hash, roles, manager_id) "
            "VALUES ($1, $2, $3, '{REP}', $4)",
            rows,
        )
        ids = await conn.fetch("SELECT id FROM users WHERE manager_id = $1 ORDER BY id", manager)
        return [r["id"] for r in ids]
    finally:
        await conn.close()


def batch(reps: list[int], start: int) -> list[dict[str, object]]:
    rng = random.Random(start)
    items: list[dict[str, object]] = []
    for n in range(BATCH):
        kind = rng.choice(KINDS)
        item: dict[str, object] = {
            "kind": kind,
            "repId": to_base64("User", rng.choice(reps)),
            "occurredAt": (END - timedelta(seconds=rng.randrange(90 * 86_400))).isoformat(),
            "externalId": f"b{start + n}",
        }
        if kind == "SHIFT":
            item["durationSeconds"] = 4 * 3600
        if kind == "LEAD":
            item["attributes"] = [
                {"name": "qualification", "value": rng.choice(["BANT", "MARKETING_QUALIFIED"])}
            ]
        items.append(item)
    return items


async def ingest(http: httpx.AsyncClient, headers: dict[str, str], reps: list[int]) -> None:
    document = operation("record_activities")
    starts = list(range(0, ACTIVITIES, BATCH))

    async def client(mine: list[int]) -> None:
        for start in mine:
            answer = await data(
                http, headers, document, {"input": {"activities": batch(reps, start)}}
            )
            assert answer["recordActivities"]["userErrors"] == [], answer

    began = time.perf_counter()
    await asyncio.gather(*(client(starts[i::CLIENTS]) for i in range(CLIENTS)))
    seconds = time.perf_counter() - began
    rate = ACTIVITIES / seconds
    print(f"ingest: {ACTIVITIES:,} activities in {seconds:6.1f} s = {rate:,.0f} per second")


async def run(base: str, url: str) -> None:
    reps = await add_reps(url)
    today = END.date()
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        ops = await sign_in(http, "ops@dealdesk.example")
        await ingest(http, ops, reps)
        rep = await sign_in(http, "rep1@dealdesk.example")
        manager = await sign_in(http, "east.manager@dealdesk.example")
        card, team = operation("kpi_card"), operation("team_kpis")
        me = await data(http, manager, "query Me { me { id } }")
        samples, statements = await measure(
            lambda: post(http, rep, card, {"on": today.isoformat()}), RUNS
        )
        print(f"myKpiCard (1 rep, every metric, quarter): {percentiles(samples)}  sql={statements}")
        variables = {"team": me["me"]["id"], "on": today.isoformat()}
        samples, statements = await measure(lambda: post(http, manager, team, variables), RUNS)
        print(
            f"kpis (team of {REPS}, 4 metrics, month):    {percentiles(samples)}  sql={statements}"
        )
    conn = await connect(url)
    try:
        rep_id = await conn.fetchval("SELECT id FROM users WHERE email = 'rep1@dealdesk.example'")
        first = today - timedelta(days=91)
        floor = []
        for _ in range(RUNS):
            began = time.perf_counter()
            await conn.fetch(FLOOR, rep_id, first, today + timedelta(days=1))
            floor.append((time.perf_counter() - began) * 1000)
        print(f"raw SQL floor (one rep's rollups summed):  {percentiles(floor)}")
    finally:
        await conn.close()


def main() -> None:
    with fresh_database("dealdesk_bench_performance") as url:
        load_demo(url)
        with running_server(url) as base:
            asyncio.run(run(base, url))


if __name__ == "__main__":
    main()
