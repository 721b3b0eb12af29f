"""Quotes over HTTP: createQuote with 50 lines, updateQuoteLines changing 1 line of a
200-line quote, and quote(id) of a 200-line quote; p50/p95 and SQL statements per request.

    python bench/bench_quotes.py          # uses DATABASE_URL's server or 127.0.0.1:5432
"""

from __future__ import annotations

import asyncio
import itertools

import httpx
from harness import fresh_database, load_demo, measure, percentiles, running_server, sign_in

SKUS = ["SW-ANL", "SW-SEC", "SW-API", "SVC-TRN", "SUP-PRM", "SSD-1T", "CHS-L", "SVC-INST"]
RUNS = 40
CREATE = "mutation($i: CreateQuoteInput!) { createQuote(input: $i) { quote { id version netTotal { amount } } userErrors { code } } }"
UPDATE = "mutation($i: UpdateQuoteLinesInput!) { updateQuoteLines(input: $i) { quote { id version netTotal { amount } } userErrors { code } } }"
READ = """query($id: ID!) { node(id: $id) { ... on Quote {
  number status netTotal { amount } account { name } owner { name }
  revision { number pricing { netTotal { amount } breaches { code } } clauses { title } }
  lines { key quantity product { sku name } priced { netAmount { amount } steps { kind label amountDelta { amount } } } }
} } }"""


async def gql(
    http: httpx.AsyncClient, headers: dict[str, str], query: str, variables: dict
) -> httpx.Response:
    return await http.post(
        "/graphql", headers=headers, json={"query": query, "variables": variables}
    )


async def run(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        headers = await sign_in(http, "rep1@dealdesk.example")
        data = (
            await gql(
                http,
                headers,
                "{ accounts(first: 1) { edges { node { id } } } products(first: 50) { edges { node { id sku } } } }",
                {},
            )
        ).json()["data"]
        account = data["accounts"]["edges"][0]["node"]["id"]
        products = {e["node"]["sku"]: e["node"]["id"] for e in data["products"]["edges"]}

        def lines(n: int) -> list[dict]:
            return [
                {"productId": products[SKUS[i % len(SKUS)]], "quantity": 1 + i % 30}
                for i in range(n)
            ]

        fifty = {"i": {"accountId": account, "lines": lines(50)}}
        samples, statements = await measure(lambda: gql(http, headers, CREATE, fifty), RUNS)
        print(f"createQuote      lines=  50  {percentiles(samples)}  sql_statements={statements}")

        big = (
            await gql(http, headers, CREATE, {"i": {"accountId": account, "lines": lines(200)}})
        ).json()["data"]["createQuote"]["quote"]
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
            response = await gql(http, headers, UPDATE, variables)
            state["version"] = response.json()["data"]["updateQuoteLines"]["quote"]["version"]
            return response

        samples, statements = await measure(update_one, RUNS)
        print(f"updateQuoteLines lines= 200  {percentiles(samples)}  sql_statements={statements}")

        samples, statements = await measure(
            lambda: gql(http, headers, READ, {"id": big["id"]}), RUNS
        )
        print(f"quote(id)        lines= 200  {percentiles(samples)}  sql_statements={statements}")


def main() -> None:
    with fresh_database("dealdesk_bench_quotes") as url:
        load_demo(url)
        with running_server(url) as base:
            asyncio.run(run(base))


if __name__ == "__main__":
    main()
