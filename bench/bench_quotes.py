"""Quotes over HTTP: createQuote with 50 lines, updateQuoteLines changing 1 line of a
200-line quote, and quote(id) of a 200-line quote; p50/p95 and SQL statements per request.

    python bench/bench_quotes.py          # uses DATABASE_URL's server or 127.0.0.1:5432
"""

from __future__ import annotations

import itertools
from functools import partial

import harness
import httpx
from harness import SKUS

RUNS = 40
CREATE = harness.operation("create_quote")
UPDATE = harness.operation("update_quote_lines")
READ = harness.operation("quote")


async def run(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        headers = await harness.sign_in(http, "rep1@dealdesk.example")
        account, products = await harness.demo_catalog(http, headers)
        gql = partial(harness.post, http, headers)

        def lines(n: int) -> list[dict]:
            return [
                {"productId": products[SKUS[i % len(SKUS)]], "quantity": 1 + i % 30}
                for i in range(n)
            ]

        fifty = {"i": {"accountId": account, "lines": lines(50)}}
        await harness.report("createQuote      lines=  50", lambda: gql(CREATE, fifty), RUNS)

        created = await harness.data(
            http, headers, CREATE, {"i": {"accountId": account, "lines": lines(200)}}
        )
        big = created["createQuote"]["quote"]
        state = {"version": big["version"]}
        quantities = itertools.count(2)

        async def update_one() -> httpx.Response:
            variables = {
                "i": {
                    "id": big["id"],
                    "version": state["version"],
                    "update": [{"key": "L7", "quantity": next(quantities)}],
                }
            }
            response = await gql(UPDATE, variables)
            state["version"] = response.json()["data"]["updateQuoteLines"]["quote"]["version"]
            return response

        await harness.report("updateQuoteLines lines= 200", update_one, RUNS)

        read = partial(gql, READ, {"id": big["id"]})
        await harness.report("quote(id)        lines= 200", read, RUNS)


if __name__ == "__main__":
    harness.on_demo_server("dealdesk_bench_quotes", run)
