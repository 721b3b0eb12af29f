"""An automatic-persisted-query GET hit against a plain POST of the same operation.

The operation is the typed client's ``RepHome`` (clients/typescript/src/operations), a rep's
home screen in one query, sent by the demo org's rep to a real server (uvicorn, one worker)
on a fresh database. After one registration (POST with the hash and the document), the run
alternates, request by request:

* POST ``{"query": …, "variables": …}`` (what a client without APQ sends);
* GET ``?extensions={"persistedQuery": …}&variables=…`` with the hash only (an APQ hit);
* the same GET with ``If-None-Match`` (a revalidation answered 304 with no body).

It prints p50/p95 of each, the ratio of the APQ hit to the POST (the goal: <= 1.2), the
bytes each request sent and received (with and without br), and the load average.

    python bench/apq.py                     # uses DATABASE_URL's server or 127.0.0.1:5432
    BENCH_RUNS=500 python bench/apq.py
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import harness
import httpx

RUNS = int(os.environ.get("BENCH_RUNS", "300"))
REP = "rep1@dealdesk.example"
DOCUMENT = (
    Path(__file__).resolve().parent.parent / "clients/typescript/src/operations/repHome.graphql"
).read_text(encoding="utf-8")
SHA256 = hashlib.sha256(DOCUMENT.encode()).hexdigest()
VARIABLES = {"first": 10}


def p(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def timed(call: Callable[[], Awaitable[httpx.Response]], expect: int) -> float:
    started = time.perf_counter()
    response = await call()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != expect or (expect == 200 and "errors" in response.json()):
        raise RuntimeError(f"{response.status_code} {response.text[:300]}")
    return elapsed


async def run(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        headers = {**(await harness.sign_in(http, REP)), "accept-encoding": "identity"}
        extensions = {"persistedQuery": {"version": 1, "sha256Hash": SHA256}}
        registered = await http.post(
            "/graphql",
            json={"query": DOCUMENT, "variables": VARIABLES, "extensions": extensions},
            headers=headers,
        )
        assert "errors" not in registered.json(), registered.text
        params = {"extensions": json.dumps(extensions), "variables": json.dumps(VARIABLES)}
        plain = {"query": DOCUMENT, "variables": VARIABLES}

        def post() -> Awaitable[httpx.Response]:
            return http.post("/graphql", json=plain, headers=headers)

        def get() -> Awaitable[httpx.Response]:
            return http.get("/graphql", params=params, headers=headers)

        tag = (await get()).headers["etag"]

        def revalidate() -> Awaitable[httpx.Response]:
            return http.get("/graphql", params=params, headers={**headers, "if-none-match": tag})

        for _ in range(20):  # warm up every path
            await post()
            await get()
            await revalidate()
        load_before = os.getloadavg()
        samples: dict[str, list[float]] = {"post": [], "get": [], "304": []}
        for _ in range(RUNS):
            samples["post"].append(await timed(post, 200))
            samples["get"].append(await timed(get, 200))
            samples["304"].append(await timed(revalidate, 304))
        load_after = os.getloadavg()

        body = len((await get()).content)
        brotli = await http.get(
            "/graphql", params=params, headers={**headers, "accept-encoding": "br"}
        )
        br_bytes = int(brotli.headers.get("content-length") or len(brotli.content))
        sent_post = len(json.dumps(plain))
        sent_get = len(str(httpx.URL("/graphql", params=params)))

    print(f"RepHome, {RUNS} rounds, one uvicorn worker, demo org")
    for label, key in (
        ("POST plain   ", "post"),
        ("GET APQ hit  ", "get"),
        ("GET 304      ", "304"),
    ):
        values = samples[key]
        print(
            f"{label} p50={statistics.median(values):7.2f} ms  p95={p(values, 0.95):7.2f} ms"
            f"  min={min(values):6.2f} ms"
        )
    post_p50, get_p50 = statistics.median(samples["post"]), statistics.median(samples["get"])
    post_p95, get_p95 = p(samples["post"], 0.95), p(samples["get"], 0.95)
    ratios = f"p50 ratio {get_p50 / post_p50:.2f}, p95 ratio {get_p95 / post_p95:.2f}"
    print(f"APQ GET hit / POST: {ratios}")
    print(
        f"request bytes: POST body {sent_post}, GET URL {sent_get};"
        f" response bytes: {body} identity, {br_bytes} br, 0 on 304"
    )
    print(
        "load average before "
        + " ".join(f"{x:.2f}" for x in load_before)
        + ", after "
        + " ".join(f"{x:.2f}" for x in load_after)
        + f" ({os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    harness.on_demo_server("dealdesk_bench_apq", run)
