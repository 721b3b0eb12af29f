"""Writing large quotes over HTTP, each request beside the floor measured in the same run
(``floor_server``: a stock strawberry + starlette app answering the same JSON from memory):

- ``createQuote`` with 1,000 lines (goal p95 <= 300 ms);
- ``updateQuoteLines`` changing one line of a saved 1,000-line quote, asking for the new
  totals and the lines whose price changed (goal p95 <= 100 ms);
- ``priceQuote`` with 1 line (goal p95 <= 2x the floor).

Prints p50/p95, the floor's p50/p95, the ratio and the SQL statements per request.

    python bench/bench_quote_writes.py          # uses DATABASE_URL's server or 127.0.0.1:5432
"""

from __future__ import annotations

import itertools
from typing import Any

import harness
from floor_server import beside_the_floor
from harness import SKUS

CREATE = harness.operation("create_quote")
EDIT = harness.operation("edit_quote_line")
PRICE = harness.operation("price_quote")
LINES = 1000


def quote_lines(products: dict[str, str], n: int) -> list[dict[str, Any]]:
    return [{"productId": products[SKUS[i % len(SKUS)]], "quantity": 1 + i % 30} for i in range(n)]


async def run(base: str) -> None:
    async with beside_the_floor(base) as bench:
        first = {
            "key": "1",
            "productId": bench.products[SKUS[0]],
            "quantity": 3,
            "discount": {"percent": "2"},
        }
        one = {"input": {"accountId": bench.account, "lines": [first]}}
        await bench.compare(
            "priceQuote, 1 line",
            document=PRICE,
            variables=lambda: one,
            runs=200,
            goal="p95 <= 2x floor",
        )

        big = {"i": {"accountId": bench.account, "lines": quote_lines(bench.products, LINES)}}
        await bench.compare(
            f"createQuote, {LINES} lines",
            document=CREATE,
            variables=lambda: big,
            runs=30,
            goal="p95 <= 300 ms",
        )

        created = await harness.data(bench.http, bench.headers, CREATE, big)
        quote = created["createQuote"]["quote"]
        state = {"version": quote["version"]}
        quantities = itertools.count(2)

        def edit() -> dict[str, Any]:
            change = {"key": "L7", "quantity": next(quantities) % 900 + 1}
            return {"i": {"id": quote["id"], "version": state["version"], "update": [change]}}

        def carry(data: dict[str, Any]) -> None:
            state["version"] = data["updateQuoteLines"]["quote"]["version"]

        await bench.compare(
            f"updateQuoteLines, 1 of {LINES} lines",
            document=EDIT,
            variables=edit,
            runs=40,
            goal="p95 <= 100 ms",
            after=carry,
        )


if __name__ == "__main__":
    harness.on_demo_server("dealdesk_bench_quote_writes", run)
