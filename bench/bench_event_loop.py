"""Is the event loop free? /healthz latency while CPU-heavy requests run.

A real uvicorn server (one worker) on a throw-away database with the demo org.
A client pings ``/healthz`` every 10 ms and prints p50/p95/max of its latency:

* idle;
* while a 1,000-line quote PDF renders (3 downloads, one after the other);
* while 8 demo users sign in at once (argon2 with the default parameters, 3 rounds);
* and how the 29-alias ``myQuotes(first: 200) { … lines … }`` query of issue 10 is answered.

Run: ``python bench/bench_event_loop.py`` (``DATABASE_URL`` names the PostgreSQL server).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable

import harness
import httpx
from harness import SKUS

PDF_LINES = 1000
SIGN_INS = 8
ROUNDS = 3
PING_EVERY = 0.01
ALIASES = (
    "{ "
    + " ".join(
        f"q{i}: myQuotes(first: 200) {{ edges {{ node {{ lines {{ key }} }} }} }}"
        for i in range(29)
    )
    + " }"
)


def figures(samples_s: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples_s)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return (
        f"p50={statistics.median(ms):8.1f} ms  p95={p95:8.1f} ms  max={ms[-1]:8.1f} ms  n={len(ms)}"
    )


async def ping_while(
    http: httpx.AsyncClient, work: Callable[[], Awaitable[object]]
) -> tuple[list[float], float]:
    """/healthz latencies while ``work`` runs (a separate process serves both), and its duration."""
    task = asyncio.ensure_future(work())
    started = time.perf_counter()
    latencies: list[float] = []
    while not task.done():
        sent = time.perf_counter()
        response = await http.get("/healthz")
        latencies.append(time.perf_counter() - sent)
        assert response.status_code == 200
        await asyncio.sleep(PING_EVERY)
    await task
    return latencies, time.perf_counter() - started


async def rounds(
    pinger: httpx.AsyncClient, work: Callable[[], Awaitable[object]]
) -> tuple[list[float], list[float]]:
    """``work`` ROUNDS times, one after the other: every /healthz latency, and each duration."""
    latencies: list[float] = []
    durations: list[float] = []
    for _ in range(ROUNDS):
        pinged, took = await ping_while(pinger, work)
        latencies += pinged
        durations.append(took)
    return latencies, durations


async def run(base: str) -> None:
    async with (
        httpx.AsyncClient(base_url=base, timeout=120) as http,
        httpx.AsyncClient(base_url=base, timeout=120) as pinger,
    ):
        headers = await harness.sign_in(http, "rep1@dealdesk.example")
        account, products = await harness.demo_catalog(http, headers)
        lines = [
            {"productId": products[SKUS[i % len(SKUS)]], "quantity": 1 + i % 30}
            for i in range(PDF_LINES)
        ]
        variables = {"i": {"accountId": account, "lines": lines}}
        created = await harness.data(http, headers, harness.operation("create_quote"), variables)
        quote_id = created["createQuote"]["quote"]["id"]

        idle, _ = await ping_while(pinger, lambda: asyncio.sleep(2))
        print(f"healthz idle                          {figures(idle)}")

        async def pdf() -> None:
            response = await http.get(f"/documents/quotes/{quote_id}.pdf", headers=headers)
            assert response.status_code == 200 and response.content.startswith(b"%PDF"), (
                response.text[:200]
            )

        await pdf()  # warm up (the server's worker processes start on first use)
        during_pdf, renders = await rounds(pinger, pdf)
        note = f"(PDF took {statistics.median(renders):.2f} s)"
        print(f"healthz during {PDF_LINES:,}-line PDF          {figures(during_pdf)}  {note}")

        login = harness.operation("login")

        async def sign_ins() -> None:
            bodies = await asyncio.gather(
                *(
                    harness.post(
                        http,
                        None,
                        login,
                        {"e": f"rep{i + 1}@dealdesk.example", "p": "dealdesk-demo"},
                    )
                    for i in range(SIGN_INS)
                )
            )
            assert all(b.json()["data"]["login"]["session"] for b in bodies), bodies[0].text

        during_login, logins = await rounds(pinger, sign_ins)
        note = f"({SIGN_INS} sign-ins took {statistics.median(logins):.2f} s)"
        print(f"healthz during {SIGN_INS} concurrent sign-ins     {figures(during_login)}  {note}")

        started = time.perf_counter()
        body = (await http.post("/graphql", headers=headers, json={"query": ALIASES})).json()
        took = time.perf_counter() - started
        code = body["errors"][0]["extensions"].get("code") if body.get("errors") else "answered"
        print(f"29 × myQuotes(first: 200) {{ lines }}   {code} in {took * 1000:.1f} ms")


if __name__ == "__main__":
    harness.on_demo_server("dealdesk_bench_event_loop", run)
