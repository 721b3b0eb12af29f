"""Delta sync versus a full catalog fetch, over HTTP against a real server and PostgreSQL.

A phone caches a 2,000-product catalog (the demo's products plus generated ones, each with a
standard price book entry). OPS then edits 10 products (5 renames, 5 new prices through their
price book entries). The phone resyncs:

* **delta**: ``changes(since: <its cursor>)``: one request, the 10 changed entities;
* **full**: the whole catalog again, as a phone without delta sync would: ``products`` and
  ``priceBooks { entries }``... here ``changes(since: null)`` paged 200 at a time (every
  product and entry), and, for reference, the ``products`` connection paged 200 at a time.

Printed: response bytes per resync, p50/p95 of the whole resync (every page), and the SQL
statements the delta request ran. The machine is shared: read the ratios, not the
milliseconds.

    python bench/delta_sync.py
    BENCH_RUNS=50 python bench/delta_sync.py
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable

import httpx
from harness import (
    connection,
    fresh_database,
    load_demo,
    percentiles,
    running_server,
    sign_in,
)

PRODUCTS = 2000
EDITS = 10
RUNS = int(os.environ.get("BENCH_RUNS", "30"))

PRODUCT = "id sku name description family unitOfMeasure active version"
CHANGES = f"""
query($since: String) {{ changes(since: $since, first: 200) {{
  products {{ {PRODUCT} }}
  priceBooks {{ id name currency isStandard active }}
  priceBookEntries {{ id unitPrice validFrom validTo product {{ id }} }}
  clauses {{ clauseId code title body version }}
  contentItems {{ id kind title summary status version }}
  quotes {{ id number name status version validUntil netTotal {{ amount currency }} }}
  tombstones {{ entityId typename kind }}
  cursor hasMore resetRequired
}} }}
"""
PRODUCTS_PAGE = f"""
query($after: String) {{ products(first: 200, after: $after) {{
  edges {{ node {{ {PRODUCT} }} }} pageInfo {{ hasNextPage endCursor }}
}} }}
"""


async def seed(url: str) -> None:
    """Generated products up to ``PRODUCTS``, each priced in the standard USD book."""
    async with connection(url) as conn:
        have = await conn.fetchval("SELECT count(*) FROM products")
        await conn.execute(
            """
            INSERT INTO products (sku, name, description, family)
            SELECT 'GEN-' || g, 'Generated product ' || g,
                   'A generated product for the delta sync benchmark.', 'Generated'
            FROM generate_series(1, $1::int) g
            """,
            PRODUCTS - have,
        )
        await conn.execute(
            """
            INSERT INTO price_book_entries (price_book_id, product_id, unit_price, valid_from)
            SELECT b.id, p.id, 100 + p.id, DATE '2020-01-01'
            FROM products p, price_books b
            WHERE p.sku LIKE 'GEN-%' AND b.is_standard AND b.currency = 'USD'
            """
        )


async def edit(url: str) -> None:
    """Five renames and five new prices, each its own transaction, as OPS would make them."""
    async with connection(url) as conn:
        for n in range(1, EDITS // 2 + 1):
            await conn.execute(
                "UPDATE products SET name = name || ' (edited)', version = version + 1 "
                "WHERE sku = $1",
                f"GEN-{n * 97}",
            )
            await conn.execute(
                "UPDATE price_book_entries SET unit_price = unit_price + 1 WHERE id = "
                "(SELECT e.id FROM price_book_entries e JOIN products p ON p.id = e.product_id "
                "WHERE p.sku = $1 LIMIT 1)",
                f"GEN-{n * 89}",
            )


Resync = Callable[[], Awaitable[tuple[int, int, int]]]
"""One resync: (bytes received, requests, entities)."""


async def changes_pages(
    http: httpx.AsyncClient, headers: dict[str, str], since: str | None
) -> tuple[int, int, int, str]:
    size = requests = entities = 0
    while True:
        response = await http.post(
            "/graphql", headers=headers, json={"query": CHANGES, "variables": {"since": since}}
        )
        requests += 1
        size += len(response.content)
        body = response.json()
        if body.get("errors"):
            raise RuntimeError(body["errors"])
        page = body["data"]["changes"]
        entities += sum(len(v) for v in page.values() if isinstance(v, list))
        since = page["cursor"]
        if not page["hasMore"]:
            return size, requests, entities, since


async def products_pages(http: httpx.AsyncClient, headers: dict[str, str]) -> tuple[int, int, int]:
    size = requests = entities = 0
    after = None
    while True:
        response = await http.post(
            "/graphql",
            headers=headers,
            json={"query": PRODUCTS_PAGE, "variables": {"after": after}},
        )
        requests += 1
        size += len(response.content)
        page = response.json()["data"]["products"]
        entities += len(page["edges"])
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            return size, requests, entities


async def timed(label: str, resync: Resync, runs: int) -> tuple[float, int]:
    samples: list[float] = []
    size = requests = entities = 0
    for _ in range(3):
        await resync()
    for _ in range(runs):
        started = time.perf_counter()
        size, requests, entities = await resync()
        samples.append((time.perf_counter() - started) * 1000)
    print(
        f"{label:<44} {size:>10,} bytes  {requests:>3} requests  {entities:>5} entities  "
        f"{percentiles(samples)}"
    )
    return sorted(samples)[min(len(samples) - 1, int(len(samples) * 0.95))], size


async def main(base: str, url: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        rep = await sign_in(http, "rep1@dealdesk.example")
        *_, cursor = await changes_pages(http, rep, None)  # the phone's first sync
        await edit(url)

        async def delta() -> tuple[int, int, int]:
            size, requests, entities, _ = await changes_pages(http, rep, cursor)
            return size, requests, entities

        async def full() -> tuple[int, int, int]:
            size, requests, entities, _ = await changes_pages(http, rep, None)
            return size, requests, entities

        delta_p95, delta_bytes = await timed(
            "delta: changes(since: cursor) after 10 edits", delta, RUNS
        )
        full_p95, full_bytes = await timed("full: changes(since: null), every page", full, RUNS)
        await timed(
            "full: products connection, every page", lambda: products_pages(http, rep), RUNS
        )
        response = await http.post(
            "/graphql", headers=rep, json={"query": CHANGES, "variables": {"since": cursor}}
        )
        print(f"delta request SQL statements: {response.headers.get('x-sql-statements')}")
        print(
            f"delta / full: {delta_bytes / full_bytes:.4f} of the bytes, "
            f"{delta_p95 / full_p95:.3f} of the p95 time"
        )
        print(f"load average: {os.getloadavg()}")


def run() -> None:
    with fresh_database("dealdesk_bench_delta_sync") as url:
        load_demo(url)
        asyncio.run(seed(url))
        with running_server(url) as base:
            asyncio.run(main(base, url))


if __name__ == "__main__":
    run()
