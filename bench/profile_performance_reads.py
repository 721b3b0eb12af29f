"""CPU per request of the KPI card and the contest leaderboard of
``bench_performance_reads.py``'s database (1,000,000 activities, 200 reps), measured
in-process (``harness.in_process``: no sockets, no uvicorn): the app's own work per
request, beside the wall time of the PostgreSQL statements it waited on. With
``--profile N`` prints the N costliest calls (cProfile) of a profiled pass.

    BENCH_KEEP_DATABASE=1 python bench/bench_performance_reads.py   # make the database
    python bench/profile_performance_reads.py --profile 30
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time

import harness
from bench_performance_reads import BOARD, CARD, END, existing_contest
from in_process_timing import profile_run
from strawberry.relay import to_base64

DATABASE = "dealdesk_bench_performance_reads"


async def measure(url: str, options: argparse.Namespace) -> None:
    contest = await existing_contest(url)
    async with harness.in_process(url) as http:
        headers = await harness.sign_in(http, "rep1@dealdesk.example")
        cases = {
            "myKpiCard": (CARD, {"on": END.date().isoformat()}),
            "contest standings": (BOARD, {"id": to_base64("Contest", contest)}),
        }
        for name, (query, variables) in cases.items():
            if options.only and options.only != name:
                continue

            async def batch(count: int, query: str = query, variables: dict = variables) -> tuple:
                cpu, wall = time.process_time(), time.perf_counter()
                for _ in range(count):
                    response = await http.post(
                        "/graphql", headers=headers, json={"query": query, "variables": variables}
                    )
                    if response.json().get("errors"):
                        raise RuntimeError(response.json()["errors"])
                return (
                    (time.process_time() - cpu) * 1000 / count,
                    (time.perf_counter() - wall) * 1000 / count,
                )

            await batch(5)
            cpu, wall = await batch(options.runs)
            print(f"{name:<20} app CPU {cpu:6.2f} ms/request, wall {wall:6.2f} ms (in-process)")
            if options.profile:
                await profile_run(
                    lambda: batch(options.runs),
                    options.profile,
                    os.environ.get("SORT", "cumulative"),
                    restriction=os.environ.get("FILTER", ""),
                )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--only", default="")
    asyncio.run(measure(kept_database(), parser.parse_args()))


def kept_database() -> str:
    """The URL of the database ``bench_performance_reads.py`` kept; prints the load average."""
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return harness.database_url(DATABASE)


if __name__ == "__main__":
    main()
