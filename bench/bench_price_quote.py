"""``priceQuote`` end to end: 200 lines over HTTP to a running server, with SQL round trips.

python bench/bench_price_quote.py          # uses DATABASE_URL's server or 127.0.0.1:5432
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from harness import fresh_database, load_demo, measure, percentiles, running_server, sign_in

QUERY = (Path(__file__).parent / "queries" / "price_quote.graphql").read_text()
SKUS = ["SW-ANL", "SW-SEC", "SW-API", "SVC-TRN", "SUP-PRM", "SSD-1T", "CHS-L", "SVC-INST"]
SIZES = (1, 50, 200)
RUNS = 60


async def ids(http: httpx.AsyncClient, headers: dict[str, str]) -> tuple[str, dict[str, str]]:
    body = (
        await http.post(
            "/graphql",
            headers=headers,
            json={
                "query": "{ accounts(first: 1) { edges { node { id } } } products(first: 50) { edges { node { id sku } } } }"
            },
        )
    ).json()["data"]
    account = body["accounts"]["edges"][0]["node"]["id"]
    return account, {e["node"]["sku"]: e["node"]["id"] for e in body["products"]["edges"]}


async def run(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        headers = await sign_in(http, "rep1@dealdesk.example")
        account, products = await ids(http, headers)
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
            payload = {
                "query": QUERY,
                "variables": {
                    "input": {
                        "accountId": account,
                        "lines": lines,
                        "quoteDiscount": {"percent": "1"},
                    }
                },
            }

            async def call() -> httpx.Response:
                return await http.post("/graphql", headers=headers, json=payload)

            samples, statements = await measure(call, RUNS)
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
