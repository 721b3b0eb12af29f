"""Quotes over HTTP, beside the floor measured in the same run.

Writes: createQuote with 50 lines, updateQuoteLines changing 1 line of a 200-line quote.

Reads of a 1,000- and a 2,000-line quote (issue 15), each printed with p50/p95, the floor's
p50/p95, the ratio of the p95s and the SQL statements per request:

* first screen: the header, the totals and the first 50 lines with their prices
  (``lineItems(first: 50)``), the goal being <= 60 ms p95;
* every line, paged: ``lineItems`` pages of 200 with each line's waterfall, walked from
  the first page to the last (one sample is the whole walk), the goal being <= 2x the floor;
* the old full read: ``lines`` with every waterfall, ``revision { pricing clauses }``.

The floor is ``bench/quote_floor.py``: a stock strawberry + starlette app under uvicorn that
answers the same selection with the same JSON from memory (captured from the real server
in this run), so the ratio is what DealDesk adds over strawberry itself. Samples alternate
between the two servers, so a load that comes and goes weighs on both alike. Against a server
without ``lineItems`` (an older commit) only the old full read is measured.

    python bench/bench_quotes.py          # uses DATABASE_URL's server or 127.0.0.1:5432
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from pathlib import Path

import harness
import httpx
from harness import SKUS

RUNS = 40
READ_RUNS = int(os.environ.get("BENCH_READ_RUNS", "20"))
SIZES = (1000, 2000)
PAGE = 200
CREATE = harness.operation("create_quote")
UPDATE = harness.operation("update_quote_lines")

HEADER = (
    "number name status version validUntil netTotal { amount currency } "
    "account { name } owner { name }"
)
TOTALS = (
    "totals { breachCount listTotal { amount currency } discountTotal { amount currency } "
    "netTotal { amount currency } totalDiscountPercent priced }"
)
SCREEN_LINE = (
    "key quantity discountPercent product { sku name } "
    "priced { netUnitPrice listAmount { amount } netAmount { amount } discountPercent }"
)
FULL_LINE = (
    "key quantity product { sku name } "
    "priced { netAmount { amount } steps { kind label amountDelta { amount } } }"
)
REVISION = "revision { number pricing { netTotal { amount } breaches { code } } clauses { title } }"

FIRST_SCREEN = (
    f"{HEADER} lineItems(first: 50) {{ totalCount {TOTALS} "
    f"pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {SCREEN_LINE} }} }} }}"
)
PAGED = (
    "lineItems(first: $first, after: $after) { pageInfo { hasNextPage endCursor } "
    f"edges {{ node {{ {FULL_LINE} }} }} }}"
)
OLD_FULL = f"{HEADER} {REVISION} lines {{ {FULL_LINE} }}"
# Everything the floor must be able to answer, in one read of the real server.
CAPTURE = (
    f"{HEADER} {REVISION} "
    "lines { key quantity discountPercent product { sku name } priced { netUnitPrice "
    "listAmount { amount } netAmount { amount } discountPercent "
    "steps { kind label amountDelta { amount } } } }"
)
CAPTURE_TOTALS = f"lineItems(first: 0) {{ {TOTALS} }}"


def real(body: str, paged: bool = False) -> str:
    arguments = "$id: ID!, $first: Int, $after: String" if paged else "$id: ID!"
    return f"query({arguments}) {{ node(id: $id) {{ ... on Quote {{ {body} }} }} }}"


def floor(body: str, paged: bool = False) -> str:
    arguments = "$size: Int!, $first: Int!, $after: String" if paged else "$size: Int!"
    return f"query({arguments}) {{ quote(size: $size) {{ {body} }} }}"


@contextlib.contextmanager
def floor_server(answers: dict[int, dict]) -> Iterator[str]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "answers.json"
        path.write_text(json.dumps(answers), encoding="utf-8")
        port = harness.free_port()
        script = Path(__file__).with_name("quote_floor.py")
        process = subprocess.Popen([sys.executable, str(script), str(port), str(path)])
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                with contextlib.suppress(httpx.HTTPError):
                    httpx.get(f"{base}/graphql", timeout=1)
                    break
                time.sleep(0.2)
            else:
                raise RuntimeError("the floor server did not start")
            yield base
        finally:
            process.terminate()
            process.wait(15)


Call = Callable[[], Awaitable[tuple[float, int]]]


async def timed(
    http: httpx.AsyncClient, headers: dict[str, str] | None, query: str, variables: dict
) -> tuple[float, int]:
    """One request's milliseconds and SQL statements; GraphQL errors raise."""
    started = time.perf_counter()
    response = await harness.post(http, headers, query, variables)
    elapsed = (time.perf_counter() - started) * 1000
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return elapsed, int(response.headers.get("x-sql-statements", -1))


async def walk(
    http: httpx.AsyncClient, headers: dict[str, str] | None, query: str, variables: dict
) -> tuple[float, int]:
    """Every page of ``lineItems``, first to last: total milliseconds and statements."""
    after, total_ms, statements = None, 0.0, 0
    while True:
        started = time.perf_counter()
        response = await harness.post(
            http, headers, query, {**variables, "first": PAGE, "after": after}
        )
        total_ms += (time.perf_counter() - started) * 1000
        statements += int(response.headers.get("x-sql-statements", -1))
        body = response.json()
        if body.get("errors"):
            raise RuntimeError(body["errors"])
        root = body["data"].get("node") or body["data"]["quote"]
        info = root["lineItems"]["pageInfo"]
        if not info["hasNextPage"]:
            return total_ms, statements
        after = info["endCursor"]


async def samples(ours: Call, theirs: Call, runs: int, warmup: int = 2) -> tuple[list, list, int]:
    """``runs`` samples of each, taken in turns (ours, then the floor's), so a load that
    comes and goes on a shared machine weighs on both alike; and our last SQL count."""
    for _ in range(warmup):
        await ours()
        await theirs()
    mine: list[float] = []
    floor: list[float] = []
    statements = -1
    for _ in range(runs):
        ms, statements = await ours()
        mine.append(ms)
        floor.append((await theirs())[0])
    return mine, floor, statements


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


async def compare(label: str, goal: str, ours: Call, theirs: Call, note: str = "") -> None:
    mine, base, statements = await samples(ours, theirs, READ_RUNS)
    print(
        f"{label}  {harness.percentiles(mine)}  floor {harness.percentiles(base)}  "
        f"ratio(p95)={p95(mine) / p95(base):5.2f}  sql_statements={statements}{note}  "
        f"goal: {goal}",
        flush=True,
    )


async def writes(http: httpx.AsyncClient, headers: dict[str, str], lines: Callable) -> None:
    gql = partial(harness.post, http, headers)
    account = lines.account  # type: ignore[attr-defined]
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


async def has_line_items(http: httpx.AsyncClient, headers: dict[str, str]) -> bool:
    answer = await harness.data(http, headers, '{ __type(name: "Quote") { fields { name } } }')
    return any(f["name"] == "lineItems" for f in answer["__type"]["fields"])


async def run(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=300) as http:
        headers = await harness.sign_in(http, "rep1@dealdesk.example")
        account, products = await harness.demo_catalog(http, headers)

        def lines(n: int) -> list[dict]:
            return [
                {"productId": products[SKUS[i % len(SKUS)]], "quantity": 1 + i % 30}
                for i in range(n)
            ]

        lines.account = account  # type: ignore[attr-defined]
        if "--reads" not in sys.argv:
            await writes(http, headers, lines)

        connection = await has_line_items(http, headers)
        ids: dict[int, str] = {}
        answers: dict[int, dict] = {}
        for size in SIZES:
            created = await harness.data(
                http, headers, CREATE, {"i": {"accountId": account, "lines": lines(size)}}
            )
            ids[size] = created["createQuote"]["quote"]["id"]
            capture = f"{CAPTURE} {CAPTURE_TOTALS}" if connection else CAPTURE
            answer = (await harness.data(http, headers, real(capture), {"id": ids[size]}))["node"]
            if not connection:  # an older server: the floor answers the old full read only
                zero = {"amount": "0", "currency": "USD"}
                totals = {"listTotal": zero, "discountTotal": zero, "netTotal": zero}
                answer["lineItems"] = {
                    "totals": {"breachCount": 0, "totalDiscountPercent": None, "priced": True}
                    | totals
                }
            answer["totals"] = answer.pop("lineItems")["totals"]
            answers[size] = answer

        with floor_server(answers) as floor_base:
            async with httpx.AsyncClient(base_url=floor_base, timeout=300) as floor_http:
                for size in SIZES:
                    ours = {"id": ids[size]}
                    theirs = {"size": size}
                    if connection:
                        await compare(
                            f"first screen (header, totals, 50 lines)  lines={size:5d}",
                            "p95 <= 60 ms",
                            partial(timed, http, headers, real(FIRST_SCREEN), ours),
                            partial(timed, floor_http, None, floor(FIRST_SCREEN), theirs),
                        )
                        await compare(
                            f"every line, pages of {PAGE}                lines={size:5d}",
                            "p95 <= 2x the floor",
                            partial(walk, http, headers, real(PAGED, paged=True), ours),
                            partial(walk, floor_http, None, floor(PAGED, paged=True), theirs),
                            note=f" (all {size // PAGE} pages)",
                        )
                    await compare(
                        f"old full read (lines + waterfalls)      lines={size:5d}",
                        "(the read before issue 15)",
                        partial(timed, http, headers, real(OLD_FULL), ours),
                        partial(timed, floor_http, None, floor(OLD_FULL), theirs),
                    )


if __name__ == "__main__":
    # The old full read of 2,000 lines takes seconds, and a loaded machine stretches any
    # request and statement far past its usual time.
    os.environ.setdefault("DEALDESK_REQUEST_DEADLINE_SECONDS", "300")
    os.environ.setdefault("DEALDESK_STATEMENT_TIMEOUT_SECONDS", "120")
    harness.on_demo_server(os.environ.get("BENCH_DATABASE", "dealdesk_bench_quotes"), run)
