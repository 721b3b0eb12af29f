"""``priceQuote`` end to end: 200 lines over HTTP to a running server, with SQL round trips.

python bench/bench_price_quote.py          # uses DATABASE_URL's server or 127.0.0.1:5432
"""

from __future__ import annotations

import asyncio
from functools import partial

import httpx
from harness import (
    SKUS,
    demo_catalog,
    fresh_database,
    load_demo,
    measure,
    operation,
    percentiles,
    post,
    running_server,
    sign_in,
)

QUERY = operation("price_quote")
SIZES = (1, 50, 200)
RUNS = 60


async def run(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        headers = await sign_in(http, "rep1@dealdesk.example")
        account, products = await demo_catalog(http, headers)
        for size in SIZES:
            lines = [
                {
                    "key": str(i),
                    "productId": products[SKUS[i % len(SKUS)]],
                    "quantity": 1 + i % 40,
                    "discount": {"percent": "2"},
                }
                for i in range(size)
            ]
            variables = {
                "input": {"accountId": account, "lines": lines, "quoteDiscount": {"percent": "1"}}
            }
            samples, statements = await measure(
                partial(post, http, headers, QUERY, variables), RUNS
            )
            print(
                f"priceQuote lines={size:5d}  {percentiles(samples)}  sql_statements={statements}"
            )


def main() -> None:
    with fresh_database("dealdesk_bench_price_quote") as url:
        load_demo(url)
        with running_server(url) as base:
            asyncio.run(run(base))


if __name__ == "__main__":
    main()
