"""Sales performance reads at scale, over HTTP against a real server and PostgreSQL:

* 1,000,000 activities for 200 reps over the last quarter (three time zones), seeded by one
  set-based ``INSERT … SELECT FROM generate_series`` straight into the activity log, and
  their day rollups built by set-based SQL from the current definitions, then checked
  against the project's own recompute (``services.performance.recompute``: zero drift);
* a race on CALLS over the quarter with the 200 reps enrolled, running now (its totals kept
  per participant as activities arrive, ``db.queries.contest_totals``);
* a rep's KPI card (``myKpiCard``, every metric, the quarter) and the contest's leaderboard
  (``contest(id) { standings … }``), p50/p95, each beside the raw-SQL floor for the same
  answer timed over asyncpg in the same run (the card's from the month rollups, the board's
  from the kept totals, each with the floor that sums day rollups beside it), the SQL
  statements a request ran, and the load average before and after.

    python bench/bench_performance_reads.py
    BENCH_ACTIVITIES=200000 python bench/bench_performance_reads.py   # quicker
    BENCH_DRIFT_CHECK=0 ...   # skip the (slow, Python) recompute check
    BENCH_REUSE_DATABASE=name ...   # measure again on a database an earlier run kept
    BENCH_KEEP_DATABASE=1 ...   # keep dealdesk_bench_performance_reads for that
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import httpx
from harness import (
    connection,
    data,
    database_url,
    fresh_database,
    load_demo,
    measure,
    percentiles,
    post,
    running_server,
    sign_in,
)
from strawberry.relay import to_base64

REPS = 200
RUNS = int(os.environ.get("BENCH_RUNS", "60"))
ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "1000000"))
DRIFT_CHECK = os.environ.get("BENCH_DRIFT_CHECK", "1") != "0"
KEEP = os.environ.get("BENCH_KEEP_DATABASE", "0") != "0"
END = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
DAYS = 90
ZONES = ["UTC", "Asia/Bangkok", "America/New_York"]
CONTEST = "Quarter call race (bench)"

CARD = """
query KpiCard($on: Date) {
  myKpiCard(grain: QUARTER, on: $on) {
    kpis {
      metric { key version name unit better }
      periodLabel value target attainment rank rankedAmong
      trend { direction change improving previousValue }
      explanation { numerator denominator definitionVersion }
    }
    profile { level standing attainment metrics }
  }
}
"""
BOARD = """
query Board($id: ID!) {
  contest(id: $id) {
    id name status metricKey
    standings { rank position tieBreaker score value won participant { id name } }
  }
}
"""

# The activity log: kind by weight, one of the 200 reps, an instant in the last 90 days.
# Quarter-hour shifts keep worked hours exact (decimal division in Python and SQL agree).
SEED = """
WITH reps AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE id = ANY($1::int[])),
n AS (SELECT g, (g * 2654435761::bigint) % 1000003 AS h FROM generate_series(1, $2::bigint) g)
INSERT INTO activities (rep_id, kind, occurred_at, quantity, amount, duration_seconds,
                        customer_key, external_id, attributes)
SELECT reps.ids[1 + (n.h % 200)::int], k.kind,
       $3::timestamptz - make_interval(secs => (n.g * 7919) % ($4 * 86400)),
       1,
       CASE WHEN k.kind = 'SALE' THEN 100 + (n.h % 5000) END,
       CASE WHEN k.kind = 'SHIFT' THEN 900 * (8 + n.h % 25) END,
       CASE WHEN k.kind = 'SALE' THEN 'customer-' || (n.h % 3000) END,
       'seed-' || n.g,
       CASE k.kind
         WHEN 'LEAD' THEN jsonb_build_object('qualification',
           (ARRAY['RAW_INQUIRY','LISTED_NAME','MARKETING_QUALIFIED','BANT'])[1 + (n.g % 4)::int])
         WHEN 'SALE' THEN jsonb_build_object('transferred',
           CASE WHEN n.g % 3 = 0 THEN 'true' ELSE 'false' END)
         ELSE '{}'::jsonb END
FROM n CROSS JOIN reps
CROSS JOIN LATERAL (SELECT (ARRAY['DIAL','DIAL','DIAL','DIAL','DIAL','DIAL','DIAL','DIAL',
  'CONTACT','CONTACT','EMAIL','EMAIL','TRANSFER','SHIFT','LEAD','SALE','QUOTE_SENT',
  'CONTENT_SHARED','CRM_CONTACT_ENTERED','CRM_EMAIL_SENT'])[1 + ((n.h / 200) % 20)::int]
  AS kind) k
"""

# The floors: the same answers in one statement each, straight from the rollups. The card's
# from the month rollups (its quarters are whole calendar months, as the server reads them),
# with the floor that sums day rollups beside it.
CARD_FLOOR_OF = """
WITH wanted AS (SELECT * FROM unnest($4::varchar[], $5::int[]) AS w(metric, version)),
periods AS (SELECT * FROM unnest($2::date[], $3::date[]) WITH ORDINALITY p(first, stop, n))
SELECT p.n, r.metric, sum(r.count), sum(r.total)
FROM {table} r JOIN wanted w USING (metric, version)
JOIN periods p ON r.{day} >= p.first AND r.{day} < p.stop
WHERE r.rep_id = $1 GROUP BY p.n, r.metric
UNION ALL
SELECT p.n, d.metric, count(DISTINCT d.key), 0
FROM metric_distinct_keys d JOIN wanted w USING (metric, version)
JOIN periods p ON d.day >= p.first AND d.day < p.stop
WHERE d.rep_id = $1 GROUP BY p.n, d.metric
"""
CARD_FLOOR = CARD_FLOOR_OF.format(table="metric_month_rollups", day="month")
CARD_DAYS_FLOOR = CARD_FLOOR_OF.format(table="metric_rollups", day="day")
BOARD_FLOOR = """
SELECT u.id, u.name, coalesce(sum(r.total), 0) AS value,
       rank() OVER (ORDER BY coalesce(sum(r.total), 0) DESC) AS rank
FROM contest_enrolments e JOIN users u ON u.id = e.rep_id
LEFT JOIN metric_rollups r ON r.rep_id = u.id AND r.metric = 'CALLS' AND r.version = 1
  AND r.day >= $2 AND r.day <= $3
WHERE e.contest_id = $1
GROUP BY u.id, u.name ORDER BY 3 DESC, u.name
"""
# The same board from the totals kept as activities arrive (what the server reads now).
KEPT_BOARD_FLOOR = """
SELECT u.id, u.name, coalesce(t.total, 0) AS value,
       rank() OVER (ORDER BY coalesce(t.total, 0) DESC) AS rank
FROM contest_spans s JOIN users u ON u.id = s.rep_id
LEFT JOIN contest_totals t ON t.contest_id = s.contest_id AND t.rep_id = s.rep_id
  AND t.metric = s.metric AND t.version = 1
WHERE s.contest_id = $1 AND s.metric = 'CALLS'
ORDER BY 3 DESC, u.name
"""


async def add_reps(url: str) -> list[int]:
    """200 reps (rep1 and 199 more, rep1's password) under the east manager, in three zones."""
    async with connection(url) as conn:
        manager, password = await conn.fetchrow(
            "SELECT (SELECT id FROM users WHERE email = 'east.manager@dealdesk.example'), "
            "(SELECT password_hash FROM users WHERE email = 'rep1@dealdesk.example')"
        )
        rows = [
            (f"bench{i}@dealdesk.example", f"Bench Rep {i:03d}", password, manager, ZONES[i % 3])
            for i in range(REPS - 1)
        ]
        await conn.executemany(
            "INSERT INTO users (email, name, password_hash, roles, manager_id, time_zone) "
            "VALUES ($1, $2, $3, '{REP}', $4, $5)",
            rows,
        )
        ids = await conn.fetch(
            "SELECT id FROM users WHERE email LIKE 'bench%' OR email = 'rep1@dealdesk.example' "
            "ORDER BY id"
        )
        return [r["id"] for r in ids]


def rollup_sql(definitions: list[object]) -> list[str]:
    """Set-based SQL writing the day rollups (and distinct keys) of ``definitions`` from the
    whole log, as ``gamification.rollups.fold`` computes them: a reversal (the demo's
    cancelled deal) subtracts its measure, a FULL one its count and customer too; money per
    currency as well. Worked hours are left to the project's ``rebuild`` (Python's 28-digit
    decimal division is not SQL's)."""
    from gamification.metrics import Aggregate, Measure, MetricDefinition

    measures = {
        Measure.QUANTITY: "a.quantity",
        Measure.AMOUNT: "coalesce(a.amount, 0)",
        Measure.ONE: "1",
    }
    reversal = "a.attributes->>'reversal'"
    count = f"(CASE {reversal} WHEN 'FULL' THEN -1 WHEN 'PARTIAL' THEN 0 ELSE 1 END)"
    sign = f"(CASE WHEN {reversal} IS NULL THEN 1 ELSE -1 END)"
    measures[Measure.ONE] = count
    statements = []
    for definition in definitions:
        assert isinstance(definition, MetricDefinition)
        if definition.is_ratio or definition.measure is Measure.DURATION_HOURS:
            continue
        kinds = ", ".join(f"'{k}'" for k in definition.source_kinds)
        where = [f"a.kind IN ({kinds})"] + [
            f"a.attributes->>'{f.attribute}' = '{f.value}'" for f in definition.filters
        ]
        key = f"'{definition.key}', {definition.version}, a.rep_id, "
        day = "(a.occurred_at AT TIME ZONE u.time_zone)::date"
        source = f"FROM activities a JOIN users u ON u.id = a.rep_id WHERE {' AND '.join(where)}"
        if definition.aggregate is Aggregate.DISTINCT_COUNT:
            source += " AND a.customer_key IS NOT NULL"
            statements.append(
                "INSERT INTO metric_distinct_keys (metric, version, rep_id, day, key) "
                f"SELECT {key}{day}, a.customer_key {source} "
                f"GROUP BY a.rep_id, {day}, a.customer_key HAVING sum({count}) > 0"
            )
            total = "0"
        elif definition.measure is Measure.ONE:
            total = f"sum({count})"
        else:
            total = f"sum({sign} * {measures[definition.measure]})"
        statements.append(
            "INSERT INTO metric_rollups (metric, version, rep_id, day, count, total) "
            f"SELECT {key}{day}, sum({count}), {total} {source} GROUP BY a.rep_id, {day}"
        )
        if (
            definition.measure is Measure.AMOUNT
            and definition.aggregate is not Aggregate.DISTINCT_COUNT
        ):
            currency = "a.attributes->>'currency'"
            statements.append(
                "INSERT INTO metric_currency_rollups "
                "(metric, version, rep_id, day, currency, count, total) "
                f"SELECT {key}{day}, {currency}, sum({count}), {total} {source} "
                f"AND {currency} IS NOT NULL GROUP BY a.rep_id, {day}, {currency}"
            )
    return statements


async def seed(url: str, reps: list[int]) -> None:
    """The activity log (added to the demo's) and all its rollups rebuilt, set-based; then the
    recompute's drift check."""
    from db.engine import create_engine, create_session_factory
    from db.queries.contest_totals import rebuild_totals
    from gamification.metrics import Measure
    from services.performance.context import load_definitions
    from services.performance.recompute import rebuild, recompute

    async with connection(url) as conn:
        began = time.perf_counter()
        await conn.execute("DELETE FROM metric_distinct_keys")
        await conn.execute("DELETE FROM metric_currency_rollups")
        await conn.execute("DELETE FROM metric_rollups")
        await conn.execute(SEED, reps, ACTIVITIES, END, DAYS)
        logged = time.perf_counter()
        engine = create_engine(url, pool_size=2)
        sessions = create_session_factory(engine)
        async with sessions() as session:
            definitions = list((await load_definitions(session)).values())
        for statement in rollup_sql(definitions):
            await conn.execute(statement)
        async with sessions() as session, session.begin():
            hours = [d for d in definitions if d.measure is Measure.DURATION_HOURS]
            await rebuild(session, [d for d in hours if not d.is_ratio])
            # the demo's contests keep totals of the rollups just rewritten
            await rebuild_totals(session, [(d.key, d.version) for d in definitions])
        await conn.execute("VACUUM ANALYZE activities")
        await conn.execute("VACUUM ANALYZE metric_rollups")
        await conn.execute("VACUUM ANALYZE metric_distinct_keys")
        rolled = time.perf_counter()
        count = await conn.fetchval("SELECT count(*) FROM activities")
        rows = await conn.fetchval("SELECT count(*) FROM metric_rollups")
        print(
            f"seed: {count:,} activities in {logged - began:5.1f} s, "
            f"{rows:,} rollup rows in {rolled - logged:5.1f} s"
        )
        if DRIFT_CHECK:
            async with sessions() as session:
                drift = await recompute(session)
            print(
                f"recompute check: {len(drift)} drifted rollup rows "
                f"({time.perf_counter() - rolled:5.1f} s)"
            )
            assert drift == [], drift[:5]
        await engine.dispose()


async def add_contest(url: str, reps: list[int]) -> int:
    """A RACE on CALLS over the quarter the activities cover, created and the reps enrolled
    the day before it started (through the use cases), running now."""
    import gamification.contests as engine_contests
    from db.engine import create_engine, create_session_factory
    from server.demo.running import OPS, run_as
    from services.performance import contests
    from services.performance.metric_source import metric_source

    start = END - timedelta(days=DAYS)
    new = contests.NewContest(
        CONTEST,
        engine_contests.ContestKind.RACE,
        "CALLS",
        start,
        start + timedelta(days=DAYS + 14),
    )

    async def create(session, actor, now):  # type: ignore[no-untyped-def]
        row = await contests.create_contest(session, actor, now, new, metric_source())
        for rep in reps:
            await contests.enrol_in_contest(
                session, actor, now, row.id, contests.Enrolment(rep_id=rep)
            )
        return row.id

    engine = create_engine(url, pool_size=2)
    try:
        made: int = await run_as(
            create_session_factory(engine), OPS, start - timedelta(days=1), create
        )
    finally:
        await engine.dispose()
    return made


async def floor(conn: object, sql: str, *args: object) -> list[float]:
    samples = []
    for _ in range(RUNS):
        began = time.perf_counter()
        await conn.fetch(sql, *args)  # type: ignore[attr-defined]
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def line(label: str, samples: list[float], floor_samples: list[float], statements: int) -> None:
    ratio = sorted(samples)[len(samples) // 2] / sorted(floor_samples)[len(floor_samples) // 2]
    print(f"{label:<34} {percentiles(samples)}  sql={statements}  x{ratio:5.1f} of floor")
    print(f"{'  raw SQL floor':<34} {percentiles(floor_samples)}")


async def prepare(url: str) -> int:
    """The reps, the log and its rollups, the contest (before the server starts)."""
    reps = await add_reps(url)
    await seed(url, reps)
    return await add_contest(url, reps)


async def run(base: str, url: str, contest: int) -> None:
    today = END.date()
    async with connection(url) as conn:
        rep1 = await conn.fetchval("SELECT id FROM users WHERE email = 'rep1@dealdesk.example'")
        async with httpx.AsyncClient(base_url=base, timeout=120) as http:
            rep = await sign_in(http, "rep1@dealdesk.example")
            answer = await data(http, rep, CARD, {"on": today.isoformat()})
            kpis = answer["myKpiCard"]["kpis"]
            label = kpis[0]["periodLabel"]
            samples, statements = await measure(
                lambda: post(http, rep, CARD, {"on": today.isoformat()}), RUNS
            )
            first, stop, versions = await quarter_of(url, today)
            previous_first, _, _ = await quarter_of(url, first - timedelta(days=1))
            metrics, numbers = [m for m, _ in versions], [v for _, v in versions]
            spans = [first, previous_first], [stop, first]
            assert all(d.day == 1 for d in (*spans[0], *spans[1])), spans  # whole months
            card_floor = await floor(conn, CARD_FLOOR, rep1, *spans, metrics, numbers)
            days_floor = await floor(conn, CARD_DAYS_FLOOR, rep1, *spans, metrics, numbers)
            print(f"myKpiCard: {len(kpis)} metrics, quarter {label}, vs the previous quarter")
            line("myKpiCard (1 rep, every metric)", samples, card_floor, statements)
            print(f"{'  floor summing day rollups':<34} {percentiles(days_floor)}")

            gid = to_base64("Contest", contest)
            board = (await data(http, rep, BOARD, {"id": gid}))["contest"]
            assert board is not None and len(board["standings"]) == REPS, board
            samples, statements = await measure(lambda: post(http, rep, BOARD, {"id": gid}), RUNS)
            window = (END - timedelta(days=DAYS + 1)).date(), today + timedelta(days=1)
            board_floor = await floor(conn, BOARD_FLOOR, contest, *window)
            kept_floor = await floor(conn, KEPT_BOARD_FLOOR, contest)
            top = board["standings"][0]
            print(
                f"leaderboard: {len(board['standings'])} reps, top {top['participant']['name']} "
                f"with {Decimal(top['value']):.0f} calls"
            )
            line(f"contest standings ({REPS} reps)", samples, kept_floor, statements)
            print(f"{'  floor summing day rollups':<34} {percentiles(board_floor)}")
            load = os.getloadavg()
            print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


async def quarter_of(url: str, day: date) -> tuple[date, date, list[tuple[str, int]]]:
    """The fiscal quarter holding ``day``, as the server's calendar reads it, and the metric
    versions whose rollups are summed."""
    from db.engine import create_engine, create_session_factory
    from gamification.calendar import Grain
    from services.performance.context import load_definitions, load_settings

    engine = create_engine(url, pool_size=1)
    try:
        async with create_session_factory(engine)() as session:
            period = (await load_settings(session)).calendar.period_of(day, Grain.QUARTER)
            definitions = (await load_definitions(session)).values()
    finally:
        await engine.dispose()
    versions = [(d.key, d.version) for d in definitions if not d.is_ratio]
    return period.start, period.end, versions


async def existing_contest(url: str) -> int:
    async with connection(url) as conn:
        found: int = await conn.fetchval("SELECT id FROM contests WHERE name = $1", CONTEST)
        return found


def main() -> None:
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    reuse = os.environ.get("BENCH_REUSE_DATABASE")
    if reuse:
        url = database_url(reuse)
        contest = asyncio.run(existing_contest(url))
        with running_server(url) as base:
            asyncio.run(run(base, url, contest))
        return
    name = "dealdesk_bench_performance_reads"
    # ``keep``: entering the context by hand and never leaving it did not keep the database,
    # as the abandoned generator's ``finally`` dropped it when it was collected.
    with fresh_database(name, keep=KEEP) as url:
        load_demo(url)
        contest = asyncio.run(prepare(url))
        with running_server(url) as base:
            asyncio.run(run(base, url, contest))


if __name__ == "__main__":
    main()
