"""``priceQuote`` end to end: 200 lines over HTTP to a running server, with SQL round trips.

python bench/bench_price_quote.py          # uses DATABASE_URL's server or 127.0.0.1:5432
"""

from __future__ import annotations

from functools import partial

import harness
import httpx
from harness import SKUS

QUERY = harness.operation("price_quote")
SIZES = (1, 50, 200)
RUNS = 60


async def run(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        headers = await harness.sign_in(http, "rep1@dealdesk.example")
        account, products = await harness.demo_catalog(http, headers)
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
            call = partial(harness.post, http, headers, QUERY, variables)
            await harness.report(f"priceQuote lines={size:5d}", call, RUNS)


if __name__ == "__main__":
    harness.on_demo_server("dealdesk_bench_price_quote", run)
