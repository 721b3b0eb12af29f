"""Quotes over HTTP: createQuote with 50 lines, updateQuoteLines changing 1 line of a
200-line quote, and quote(id) of a 200-line quote; p50/p95 and SQL statements per request.

    python bench/bench_quotes.py          # uses DATABASE_URL's server or 127.0.0.1:5432
"""

from __future__ import annotations

import asyncio
import itertools
from functools import partial

import httpx
from harness import (
    SKUS,
    data,
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

RUNS = 40
CREATE = operation("create_quote")
UPDATE = operation("update_quote_lines")
READ = operation("quote")


async def run(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        headers = await sign_in(http, "rep1@dealdesk.example")
        account, products = await demo_catalog(http, headers)
        gql = partial(post, http, headers)

        def lines(n: int) -> list[dict]:
            return [
                {"productId": products[SKUS[i % len(SKUS)]], "quantity": 1 + i % 30}
                for i in range(n)
            ]

        fifty = {"i": {"accountId": account, "lines": lines(50)}}
        samples, statements = await measure(lambda: gql(CREATE, fifty), RUNS)
        print(f"createQuote      lines=  50  {percentiles(samples)}  sql_statements={statements}")

        created = await data(
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

        samples, statements = await measure(update_one, RUNS)
        print(f"updateQuoteLines lines= 200  {percentiles(samples)}  sql_statements={statements}")

        samples, statements = await measure(lambda: gql(READ, {"id": big["id"]}), RUNS)
        print(f"quote(id)        lines= 200  {percentiles(samples)}  sql_statements={statements}")


def main() -> None:
    with fresh_database("dealdesk_bench_quotes") as url:
        load_demo(url)
        with running_server(url) as base:
            asyncio.run(run(base))


if __name__ == "__main__":
    main()
