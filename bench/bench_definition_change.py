"""A definition change at scale, against ``bench_performance_reads.py``'s kept database
(1,000,000 activities, 200 reps): OPS makes CALLS count dials and contacts (a new version),
its whole history is recomputed from the log in one transaction, and meanwhile a rep's KPI
card is read over HTTP from a real server without pause. Prints how long the recompute
took, the card's latency before and during it (p50/p95) and the CALLS version each read
answered with (the old one until the commit, then the new one). The database is changed:
run it last, then drop the database.

    BENCH_KEEP_DATABASE=1 python bench/bench_performance_reads.py
    python bench/bench_definition_change.py
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime

import httpx
from bench_performance_reads import CARD, END
from harness import data, percentiles, post, running_server, sign_in
from profile_performance_reads import kept_database


async def change(url: str) -> float:
    """Seconds the definition change took, its transaction committed."""
    from db.engine import create_engine, create_session_factory
    from server.demo.running import OPS, run_as
    from services.performance.context import load_definitions
    from services.performance.definitions import update_metric_definition

    engine = create_engine(url, pool_size=2)
    sessions = create_session_factory(engine)
    try:
        async with sessions() as session:
            calls = (await load_definitions(session))["CALLS"]
        draft = replace(calls, source_kinds=("DIAL", "CONTACT"))
        began = time.perf_counter()
        await run_as(
            sessions,
            OPS,
            datetime.now(UTC),
            lambda s, a, n: update_metric_definition(s, a, n, draft),
        )
        return time.perf_counter() - began
    finally:
        await engine.dispose()


def calls_version(answer: dict) -> tuple[int, str]:
    line = next(k for k in answer["myKpiCard"]["kpis"] if k["metric"]["key"] == "CALLS")
    return line["metric"]["version"], line["value"]


async def run(base: str, url: str) -> None:
    variables = {"on": END.date().isoformat()}
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        rep = await sign_in(http, "rep1@dealdesk.example")
        before = calls_version(await data(http, rep, CARD, variables))
        samples = []
        for _ in range(40):
            began = time.perf_counter()
            await post(http, rep, CARD, variables)
            samples.append((time.perf_counter() - began) * 1000)
        print(f"card before the change:  {percentiles(samples)}  CALLS v{before[0]} = {before[1]}")
        task = asyncio.create_task(change(url))
        during, seen = [], Counter[tuple[int, str]]()
        while not task.done():
            began = time.perf_counter()
            answer = (await post(http, rep, CARD, variables)).json()["data"]
            during.append((time.perf_counter() - began) * 1000)
            seen[calls_version(answer)] += 1
        seconds = await task
        after = calls_version(await data(http, rep, CARD, variables))
        print(f"recompute of CALLS' history: {seconds:6.1f} s in one transaction")
        print(f"card during the change:  {percentiles(during)}  answers {dict(seen)}")
        print(f"card after the commit:   CALLS v{after[0]} = {after[1]}")


def main() -> None:
    url = kept_database()
    with running_server(url) as base:
        asyncio.run(run(base, url))


if __name__ == "__main__":
    main()
