"""Sales performance over HTTP, against a real server and PostgreSQL:

* ingest: batches of 1,000 activities for 200 reps over a quarter, in activities per second,
  four ways in the same run: ``POST /ingest/activities`` over HTTP (JSON arrays, beside
  GraphQL); ``recordActivities`` over HTTP (the server with 2 workers, 4
  clients at once, the request bodies made beforehand); the service in this process
  (``record_activities``, one transaction a batch, 2 at once); and the raw-SQL floor, the
  same kind of batch inserted and its rollups upserted by plain asyncpg (2 connections at
  once) with the rows and rollup deltas computed beforehand, so only the statements count.
  Each prints the SQL statements a batch runs;
* a rep's KPI card (``myKpiCard``, every standard metric, the quarter) and a manager's team
  KPIs (200 reps, 4 metrics, the month), p50/p95, beside the raw-SQL floor: the one rollup
  statement the card runs, timed over asyncpg.

    python bench/bench_performance.py            # 200,000 activities over HTTP
    BENCH_ACTIVITIES=1000000 python bench/bench_performance.py
    BENCH_WORKERS=1 python bench/bench_performance.py   # the server with one worker
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import httpx
from harness import (
    connect,
    connection,
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

from db.actor import Actor
from db.engine import create_engine, create_session_factory
from db.models.users import Role
from db.statement_count import count_statements, start_counting
from gamification.activities import ActivityInput
from gamification.rollups import fold
from services.performance.activities import activity_columns, record_activities
from services.performance.context import Definitions, load_definitions, load_zones
from services.performance.rollups import rollup_rows

REPS = 200
BATCH = 1_000
CLIENTS = 4
SIDE_CLIENTS = 2
RUNS = 40
ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "200000"))
SIDE_ACTIVITIES = int(os.environ.get("BENCH_SIDE_ACTIVITIES", "30000"))
"""Activities for the service-level and the raw-SQL runs (each)."""
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
END = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
KINDS = ["DIAL"] * 6 + ["CONTACT", "EMAIL", "TRANSFER", "SHIFT", "LEAD"]
QUALIFICATIONS = ["BANT", "MARKETING_QUALIFIED"]
FLOOR = """
SELECT r.metric, sum(r.count), sum(r.total) FROM metric_rollups r
WHERE r.rep_id = $1 AND r.day >= $2 AND r.day < $3 GROUP BY r.metric
"""


async def add_reps(url: str) -> list[int]:
    """200 reps under the east manager, with rep1's password, by SQL."""
    async with connection(url) as conn:
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


def activities(reps: list[int], start: int, prefix: str) -> list[ActivityInput]:
    """A batch: mostly dials, some contacts, emails, transfers, shifts and qualified leads."""
    rng = random.Random(start)
    items: list[ActivityInput] = []
    for n in range(BATCH):
        kind = rng.choice(KINDS)
        items.append(
            ActivityInput(
                rep_id=rng.choice(reps),
                kind=kind,
                occurred_at=END - timedelta(seconds=rng.randrange(90 * 86_400)),
                duration_seconds=4 * 3600 if kind == "SHIFT" else None,
                external_id=f"{prefix}{start + n}",
                attributes=(("qualification", rng.choice(QUALIFICATIONS)),)
                if kind == "LEAD"
                else (),
            )
        )
    return items


def as_json(item: ActivityInput) -> dict[str, object]:
    sent: dict[str, object] = {
        "kind": item.kind,
        "repId": to_base64("User", item.rep_id),
        "occurredAt": item.occurred_at.isoformat(),
        "externalId": item.external_id,
    }
    if item.duration_seconds is not None:
        sent["durationSeconds"] = item.duration_seconds
    if item.attributes:
        sent["attributes"] = [{"name": k, "value": v} for k, v in item.attributes]
    return sent


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU ``pid`` has used (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def server_pids(base: str) -> list[int]:
    """The server listening at ``base`` and its workers (by command line, then parent)."""
    port = f"--port {base.rsplit(':', 1)[1]} "
    parents: dict[int, int] = {}
    roots: list[int] = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{name}/stat", encoding="ascii") as stat:
                parents[int(name)] = int(stat.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if "server.cli serve" in command and port in command:
            roots.append(int(name))
    found = list(roots)
    for pid in found:
        found += [child for child, parent in parents.items() if parent == pid]
    return found


async def backend_pids(url: str) -> list[int]:
    async with connection(url) as conn:
        rows = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return [r["pid"] for r in rows]


class CpuMeter:
    """CPU used by the server's processes and the database's backends between two readings:
    on a machine shared with other work, the CPU a batch costs says more than the wall clock."""

    def __init__(self, url: str, base: str | None) -> None:
        self.url, self.base = url, base
        self.before: dict[int, float] = {}

    async def pids(self) -> tuple[list[int], list[int]]:
        return (server_pids(self.base) if self.base else [], await backend_pids(self.url))

    async def start(self) -> None:
        server, backends = await self.pids()
        self.before = {pid: cpu_seconds(pid) for pid in (*server, *backends)}

    async def stop(self, batches: int) -> tuple[float, float]:
        """Milliseconds of CPU per batch: the server's, PostgreSQL's."""
        server, backends = await self.pids()
        used = [
            sum(cpu_seconds(pid) - self.before.get(pid, 0.0) for pid in pids)
            for pids in (server, backends)
        ]
        return used[0] / batches * 1000, used[1] / batches * 1000


def starts(count: int) -> list[int]:
    return list(range(0, count, BATCH))


async def at_once(
    parts: int, work: list[Any], each: Callable[[Any, int], Awaitable[None]]
) -> float:
    """Seconds to run ``each(item, worker number)`` over ``work`` by ``parts`` workers at once."""

    async def worker(number: int) -> None:
        for item in work[number::parts]:
            await each(item, number)

    began = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(parts)))
    return time.perf_counter() - began


def report(
    label: str, count: int, seconds: float, statements: int, cpu: tuple[float, float]
) -> None:
    """One line: the rate, statements per batch, and the CPU a batch cost (the app's, then
    PostgreSQL's) with the rate that CPU allows on this machine's cores when they are idle."""
    app, database = cpu
    capacity = (os.cpu_count() or 1) * BATCH / ((app + database) / 1000)
    print(
        f"ingest {label:24s} {count:>9,} activities in {seconds:6.1f} s = "
        f"{count / seconds:>7,.0f}/s  sql/batch={statements}  CPU/batch: app {app:5.1f} ms"
        f" + PostgreSQL {database:5.1f} ms (idle-machine bound {capacity:,.0f}/s)"
    )


async def ingest_http(
    http: httpx.AsyncClient, headers: dict[str, str], reps: list[int], meter: CpuMeter
) -> None:
    """``recordActivities`` over HTTP, the bodies serialised beforehand (the client is cheap)."""
    document = operation("record_activities")
    bodies = [
        json.dumps(
            {
                "query": document,
                "variables": {
                    "input": {"activities": [as_json(a) for a in activities(reps, s, "h")]}
                },
            }
        ).encode()
        for s in starts(ACTIVITIES)
    ]
    sent = {**headers, "content-type": "application/json"}
    statements = [-1]

    async def send(body: bytes, _: int) -> None:
        response = await http.post("/graphql", headers=sent, content=body)
        answer = response.json()
        assert answer["data"]["recordActivities"]["userErrors"] == [], answer
        statements[0] = int(response.headers.get("x-sql-statements", -1))

    await meter.start()
    seconds = await at_once(CLIENTS, bodies, send)
    cpu = await meter.stop(len(bodies))
    report(f"over HTTP ({WORKERS} workers):", ACTIVITIES, seconds, statements[0], cpu)


async def ingest_bulk(
    http: httpx.AsyncClient, headers: dict[str, str], reps: list[int], meter: CpuMeter
) -> None:
    """``POST /ingest/activities`` over HTTP: the same batches as JSON arrays (no GraphQL)."""
    bodies = [
        json.dumps([as_json(a) for a in activities(reps, s, "b")]).encode()
        for s in starts(ACTIVITIES)
    ]
    sent = {**headers, "content-type": "application/json"}
    statements = [-1]

    async def send(body: bytes, _: int) -> None:
        response = await http.post("/ingest/activities", headers=sent, content=body)
        answer = response.json()
        assert response.status_code == 200 and answer["userErrors"] == [], answer
        statements[0] = int(response.headers.get("x-sql-statements", -1))

    await meter.start()
    seconds = await at_once(CLIENTS, bodies, send)
    cpu = await meter.stop(len(bodies))
    report(f"bulk HTTP ({WORKERS} workers):", ACTIVITIES, seconds, statements[0], cpu)


async def ingest_service(url: str, reps: list[int], ops_id: int) -> None:
    """The service in this process, one transaction a batch."""
    engine = create_engine(url, pool_size=SIDE_CLIENTS)
    count_statements(engine)
    sessions = create_session_factory(engine)
    actor = Actor(ops_id, frozenset({Role.OPS}))
    batches = [activities(reps, s, "s") for s in starts(SIDE_ACTIVITIES)]
    statements = [0]

    async def record(batch: list[ActivityInput], _: int) -> None:
        counter = start_counting()
        async with sessions.begin() as session:
            await record_activities(session, actor, datetime.now(UTC), batch)
        statements[0] = counter[0]

    meter = CpuMeter(url, None)
    try:
        await meter.start()
        began = time.process_time()
        seconds = await at_once(SIDE_CLIENTS, batches, record)
        app = (time.process_time() - began) / len(batches) * 1000
        cpu = (app, (await meter.stop(len(batches)))[1])
    finally:
        await engine.dispose()
    report("service (in process):", SIDE_ACTIVITIES, seconds, statements[0], cpu)


LOG_INSERT = """
INSERT INTO activities (rep_id, kind, occurred_at, quantity, amount, duration_seconds,
    customer_key, attributes, external_id, account_id, quote_id, contact, recorded_by)
SELECT r, k, o, q, a, d, c, t::jsonb, e, ac, qu, co, rb
FROM unnest($1::int[], $2::varchar[], $3::timestamptz[], $4::numeric[], $5::numeric[],
    $6::int[], $7::varchar[], $8::text[], $9::varchar[], $10::int[], $11::int[], $12::varchar[],
    $13::int[]) AS u(r, k, o, q, a, d, c, t, e, ac, qu, co, rb)
ON CONFLICT (rep_id, external_id) DO NOTHING
RETURNING rep_id, kind, occurred_at, quantity, amount, duration_seconds, customer_key,
    attributes, external_id
"""
ROLLUP_UPSERT = """
INSERT INTO metric_rollups (metric, version, rep_id, day, count, total)
SELECT * FROM unnest($1::varchar[], $2::int[], $3::int[], $4::date[], $5::bigint[], $6::numeric[])
ON CONFLICT (metric, version, rep_id, day) DO UPDATE
SET count = metric_rollups.count + excluded.count, total = metric_rollups.total + excluded.total
"""
DISTINCT_INSERT = """
INSERT INTO metric_distinct_keys (metric, version, rep_id, day, key)
SELECT * FROM unnest($1::varchar[], $2::int[], $3::int[], $4::date[], $5::varchar[])
ON CONFLICT DO NOTHING
"""


def floor_arguments(
    batch: list[ActivityInput], definitions: Definitions, zones: dict[int, tzinfo], by: int
) -> list[Any]:
    """The three statements' arguments for ``batch``: log columns, rollup and distinct rows."""
    columns = activity_columns(batch, by)
    log = [
        [json.dumps(v) for v in values] if name == "attributes" else values
        for name, values in columns.items()
    ]
    facts = [a.fact() for a in batch]
    sums, keys, _ = rollup_rows(fold(facts, definitions.values(), zones.__getitem__))
    return [
        log,
        [list(c) for c in zip(*sums, strict=True)],
        [list(c) for c in zip(*keys, strict=True)],
    ]


async def ingest_floor(url: str, reps: list[int], ops_id: int) -> None:
    """The same work in plain SQL: insert the rows, upsert the rollups (computed beforehand)."""
    engine = create_engine(url, pool_size=1)
    try:
        async with create_session_factory(engine)() as session:
            definitions = await load_definitions(session)
            zones = await load_zones(session, reps)
    finally:
        await engine.dispose()
    work = [
        floor_arguments(activities(reps, s, "f"), definitions, zones, ops_id)
        for s in starts(SIDE_ACTIVITIES)
    ]
    conns = [await connect(url) for _ in range(SIDE_CLIENTS)]

    async def run(arguments: list[Any], worker: int) -> None:
        conn = conns[worker]
        log, sums, keys = arguments
        async with conn.transaction():
            await conn.fetch(LOG_INSERT, *log)
            await conn.execute(ROLLUP_UPSERT, *sums)
            if keys:
                await conn.execute(DISTINCT_INSERT, *keys)

    meter = CpuMeter(url, None)
    try:
        await meter.start()
        began = time.process_time()
        seconds = await at_once(SIDE_CLIENTS, work, run)
        cpu = ((time.process_time() - began) / len(work) * 1000, (await meter.stop(len(work)))[1])
    finally:
        for conn in conns:
            await conn.close()
    report("raw SQL floor (asyncpg):", SIDE_ACTIVITIES, seconds, 3, cpu)


async def run(base: str, url: str) -> None:
    reps = await add_reps(url)
    today = END.date()
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        ops = await sign_in(http, "ops@dealdesk.example")
        load = os.getloadavg()
        print(f"load average before ingest: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        await ingest_http(http, ops, reps, CpuMeter(url, base))
        await ingest_bulk(http, ops, reps, CpuMeter(url, base))
        load = os.getloadavg()
        print(f"load average after ingest: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
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
    async with connection(url) as conn:
        ops_id = await conn.fetchval("SELECT id FROM users WHERE email = 'ops@dealdesk.example'")
    await ingest_service(url, reps, ops_id)
    await ingest_floor(url, reps, ops_id)
    async with connection(url) as conn:
        rep_id = await conn.fetchval("SELECT id FROM users WHERE email = 'rep1@dealdesk.example'")
        first = today - timedelta(days=91)
        floor = []
        for _ in range(RUNS):
            began = time.perf_counter()
            await conn.fetch(FLOOR, rep_id, first, today + timedelta(days=1))
            floor.append((time.perf_counter() - began) * 1000)
        print(f"raw SQL floor (one rep's rollups summed):  {percentiles(floor)}")


def main() -> None:
    with fresh_database("dealdesk_bench_performance") as url:
        load_demo(url)
        with running_server(url, workers=WORKERS) as base:
            asyncio.run(run(base, url))


if __name__ == "__main__":
    main()
