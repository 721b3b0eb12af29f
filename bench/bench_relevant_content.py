"""``relevantContent`` at scale, over HTTP against a real server and PostgreSQL, beside the floor
(bench/floor_server.py: the same answers from memory through stock strawberry on uvicorn)
measured in the same run:

* the demo org with its quotes (which name competitors), plus 100,000 content items made
  set-based with ``generate_series``: English, Thai and Chinese titles; 30% linked to one of
  300 products (the demo's 14 and a catalogue's others: ~100 items a product, as in a real
  library, where a product links tens to hundreds of items), 10% to a competitor (~250 to
  each of the demo's two, the rest to one of 500 others), 5% to a product family (~1,700 a
  family), 10% to a customer segment or industry (~800 to ~1,700 each: the broad links);
  5% for managers only, 2% retired; published over the last three years (a library grows;
  the home screen's last 14 days hold ~1,300);
* ``Quote.relevantContent(first: 5)`` and ``relevantContentRanked`` on a demo quote that names
  a competitor, ``myQuotes(first: 5) { relevantContent(first: 3) }`` (one statement for the
  list; its database work grows with the quotes: every quote's matches are scored), and the
  home screen's ``myNewContent(first: 10)``: p50/p95, the ratio to the floor, SQL statements
  and server CPU per request, against the goal (p95 < 50 ms).

    python bench/bench_relevant_content.py
    BENCH_ITEMS=20000 python bench/bench_relevant_content.py   # quicker
"""

from __future__ import annotations

import asyncio
import enum
import json
import os
import statistics
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import harness
from bench_mobile_mix import cpu_seconds, server_process
from floor_server import beside_the_floor
from sqlalchemy.dialects.postgresql import asyncpg as pg_asyncpg

from content.rules import ContentKind
from db.queries.content_relevance import CAPS, ranking

ITEMS = int(os.environ.get("BENCH_ITEMS", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "200"))
KINDS = [kind.value for kind in ContentKind]

SEED = f"""
INSERT INTO content_items (kind, title, summary, body, body_html, language, tags, product_ids,
  families, competitors, segments, industries, audience_roles, publish_at, retire_at,
  created_by_id)
SELECT
  (ARRAY{KINDS!r})[1 + i % 9],
  CASE i % 3 WHEN 0 THEN 'Edge server guide ' || i
             WHEN 1 THEN 'คู่มือเซิร์ฟเวอร์ขอบ ' || i
             ELSE '边缘服务器指南 ' || i END,
  'Summary of item ' || i,
  'Body of item ' || i || repeat(' with some words about the deal', 20),
  '<p>Body of item ' || i || '</p>',
  (ARRAY['en', 'th', 'zh-Hans'])[1 + i % 3],
  ARRAY[(ARRAY['edge', 'security', 'analytics', 'pricing', 'ai', 'renewal'])[1 + (i * 7) % 6]],
  CASE WHEN i % 10 < 3 THEN ARRAY[CASE WHEN (i / 10 * 7) % 300 < p.n
       THEN p.ids[1 + (i / 10 * 7) % 300] ELSE 1000000 + (i / 10 * 7) % 300 END]::int[]
       ELSE '{{}}' END,
  CASE WHEN i % 20 = 4 THEN ARRAY[(ARRAY['Hardware', 'Software', 'Services'])[1 + i % 3]]
       ELSE '{{}}' END,
  CASE WHEN i % 200 = 7 THEN ARRAY[(ARRAY['contoso', 'fabrikam'])[1 + (i / 200) % 2]]
       WHEN i % 20 IN (7, 8) THEN ARRAY['rival-' || (i % 500)] ELSE '{{}}' END,
  CASE WHEN i % 20 = 9 THEN ARRAY[(ARRAY['enterprise', 'mid-market', 'smb'])[1 + i % 3]]
       ELSE '{{}}' END,
  CASE WHEN i % 20 = 10 THEN ARRAY[(ARRAY['manufacturing', 'software', 'retail', 'energy',
       'healthcare', 'finance'])[1 + i % 6]] ELSE '{{}}' END,
  CASE WHEN i % 20 = 11 THEN ARRAY['MANAGER'] ELSE '{{}}' END,
  now() - make_interval(days => i % 1095, secs => i % 86400),
  CASE WHEN i % 50 = 13 THEN now() - interval '1 hour' END,
  (SELECT id FROM users WHERE email = 'ops@dealdesk.example')
FROM generate_series(1, $1) AS i,
     (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM products) AS p
"""


async def seed(url: str) -> None:
    async with harness.connection(url) as conn:
        await conn.execute(SEED, ITEMS)
        # A bulk load leaves the GIN indexes' pending lists full (every scan reads them);
        # VACUUM merges them, as autovacuum does for items OPS adds one by one.
        await conn.execute("VACUUM ANALYZE content_items")
        await conn.execute("VACUUM ANALYZE content_item_links")


OPEN_QUOTES = """
SELECT q.id FROM quotes q
JOIN users u ON u.id = q.owner_id
JOIN quote_revisions r ON r.quote_id = q.id AND r.number = q.current_revision
WHERE u.email = 'rep1@dealdesk.example'
  AND q.status::text IN ('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SENT')
ORDER BY cardinality(r.competitors) DESC, q.id
LIMIT 20
"""


async def _execution(conn: Any, caps: Mapping[Any, int] | None, limits: Sequence[Any]) -> Any:
    """EXPLAIN (ANALYZE, BUFFERS) of the ranking statement: its execution ms and buffers."""
    statement, values = ranking(datetime.now(UTC), ("REP",), limits, caps)
    state = statement.compile(dialect=pg_asyncpg.dialect()).construct_expanded_state(values)
    args = [state.parameters[k] for k in state.positiontup or ()]
    args = [a.value if isinstance(a, enum.Enum) else a for a in args]
    plan = json.loads(
        await conn.fetchval(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {state.statement}", *args)
    )[0]
    top = plan["Plan"]
    return plan["Execution Time"], top["Shared Hit Blocks"] + top["Shared Read Blocks"]


async def explain(url: str) -> None:
    """The ranking's SQL execution time from EXPLAIN ANALYZE (steadier than HTTP timings on a
    loaded machine), capped (as served) beside the full ranking, for rep1's open quotes."""
    async with harness.connection(url) as conn:
        ids = [r["id"] for r in await conn.fetch(OPEN_QUOTES)]
        for label, limits in (
            ("1 quote, first 5", [(ids[0], 5)]),
            ("5 quotes, first 3", [(q, 3) for q in ids[:5]]),
            (f"{len(ids)} quotes, first 3", [(q, 3) for q in ids]),
        ):
            for name, caps in (("capped", CAPS), ("full", None)):
                runs = [await _execution(conn, caps, limits) for _ in range(7)]
                ms = statistics.median(r[0] for r in runs)
                print(
                    f"EXPLAIN ANALYZE ranking {label:20s} {name:7s} execution median "
                    f"{ms:8.2f} ms, {runs[-1][1]:7d} buffers",
                    flush=True,
                )


async def run(base: str) -> None:
    async with beside_the_floor(base) as bench:
        open_quotes = await harness.data(
            bench.http, bench.headers, harness.operation("open_quotes_with_competitors")
        )
        quotes: list[dict[str, Any]] = [e["node"] for e in open_quotes["myQuotes"]["edges"]]
        named = [q for q in quotes if q["competitors"]] or quotes
        print(
            f"rep1: {len(quotes)} open quotes, {len(named)} naming competitors "
            f"(e.g. {named[0]['number']}: {named[0]['competitors']})",
            flush=True,
        )
        turn = iter(range(10**9))

        def one_quote() -> dict[str, Any]:
            return {"i": named[next(turn) % len(named)]["id"]}

        goal = "p95 < 50 ms"
        server = server_process(base)
        for label, name, variables in (
            ("Quote.relevantContent(first: 5)", "relevant_content", one_quote),
            ("Quote.relevantContentRanked(first: 5)", "relevant_content_ranked", one_quote),
            ("myQuotes(5) { relevantContent(3) }", "my_quotes_relevant_content", dict),
            ("myNewContent(first: 10)", "my_new_content", dict),
        ):
            before = cpu_seconds(server)
            await bench.compare(
                label, document=harness.operation(name), variables=variables, runs=RUNS, goal=goal
            )
            per_request = (cpu_seconds(server) - before) / (RUNS + 6) * 1000  # + warm-up, first
            print(f"{'':44s} server CPU per request {per_request:6.2f} ms", flush=True)


def main() -> None:
    with harness.fresh_database("dealdesk_bench_relevant") as url:
        started = time.perf_counter()
        harness.load_demo(url)
        print(f"demo org and quotes loaded in {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        asyncio.run(seed(url))
        print(
            f"seeded {ITEMS:,} items set-based (generate_series) in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        print(
            f"machine: {os.cpu_count()} cores shared with other jobs (loaded): read the "
            "ratios to the floor, not the absolute times",
            flush=True,
        )
        asyncio.run(explain(url))
        with harness.running_server(url) as base:
            asyncio.run(run(base))


if __name__ == "__main__":
    main()
