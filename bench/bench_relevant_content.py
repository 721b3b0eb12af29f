"""``relevantContent`` at scale, over HTTP against a real server and PostgreSQL, beside the floor
(bench/floor_server.py: the same answers from memory through stock strawberry on uvicorn)
measured in the same run:

* the demo org with its quotes (which name competitors), plus 100,000 content items made
  set-based with ``generate_series``: English, Thai and Chinese titles; 30% linked to a demo
  product, 10% to a competitor (the demo's two, or one of 500 others), 5% to a product
  family, 10% to a customer segment or industry; 5% for managers only, 2% retired; published
  over the last three years (a library grows; the home screen's last 14 days hold ~1,300);
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
import os
import time
from typing import Any

import harness
from bench_mobile_mix import cpu_seconds, server_process
from floor_server import beside_the_floor

from content.rules import ContentKind

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
  CASE WHEN i % 10 < 3 THEN ARRAY[p.ids[1 + (i * 13) % p.n]]::int[] ELSE '{{}}' END,
  CASE WHEN i % 20 = 4 THEN ARRAY[(ARRAY['Hardware', 'Software', 'Services'])[1 + i % 3]]
       ELSE '{{}}' END,
  CASE WHEN i % 20 = 7 THEN ARRAY[(ARRAY['contoso', 'fabrikam'])[1 + (i / 20) % 2]]
       WHEN i % 20 = 8 THEN ARRAY['rival-' || (i % 500)] ELSE '{{}}' END,
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
    conn = await harness.connect(url)
    try:
        await conn.execute(SEED, ITEMS)
        # A bulk load leaves the GIN indexes' pending lists full (every scan reads them);
        # VACUUM merges them, as autovacuum does for items OPS adds one by one.
        await conn.execute("VACUUM ANALYZE content_items")
        await conn.execute("VACUUM ANALYZE content_item_links")
    finally:
        await conn.close()


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
        with harness.running_server(url) as base:
            asyncio.run(run(base))


if __name__ == "__main__":
    main()
