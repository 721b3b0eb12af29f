"""``priceQuote`` end to end: 1, 50 and 200 lines over HTTP to a running server, each beside
the floor measured in the same run (``floor_server``: a stock strawberry + starlette app
answering the same JSON from memory), with the ratio and SQL statements per request.

python bench/bench_price_quote.py          # uses DATABASE_URL's server or 127.0.0.1:5432
"""

from __future__ import annotations

import asyncio

import harness
from floor_server import beside_the_floor
from harness import SKUS

QUERY = harness.operation("price_quote")
SIZES = (1, 50, 200)
RUNS = 60
PACED_RUNS = 40


async def run(base: str) -> None:
    async with beside_the_floor(base) as bench:
        for size in SIZES:
            lines = [
                {
                    "key": str(i),
                    "productId": bench.products[SKUS[i % len(SKUS)]],
                    "quantity": 1 + i % 40,
                    "discount": {"percent": "2"},
                }
                for i in range(size)
            ]
            variables = {
                "input": {
                    "accountId": bench.account,
                    "lines": lines,
                    "quoteDiscount": {"percent": "1"},
                }
            }
            await bench.compare(
                f"priceQuote lines={size:5d}",
                document=QUERY,
                variables=lambda v=variables: v,
                runs=RUNS,
                goal="p95 <= 2x floor",
            )
        # A phone's pace: one request every 0.3 s, so every process (client, server,
        # PostgreSQL) wakes from idle for each one. A burst first, as a server that has seen
        # some concurrency holds several pooled connections (each one idle longer between).
        one_line = {
            "input": {
                "accountId": bench.account,
                "lines": [{"key": "0", "productId": bench.products[SKUS[0]], "quantity": 1}],
                "quoteDiscount": {"percent": "1"},
            }
        }
        await asyncio.gather(
            *(harness.post(bench.http, bench.headers, QUERY, one_line) for _ in range(12))
        )
        await bench.compare(
            "priceQuote lines=    1, one every 0.3 s",
            document=QUERY,
            variables=lambda: one_line,
            runs=PACED_RUNS,
            goal="p95 <= 2x floor",
            pause=0.3,
        )


if __name__ == "__main__":
    harness.on_demo_server("dealdesk_bench_price_quote", run)
