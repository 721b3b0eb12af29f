"""CPU per batch of ``POST /ingest/activities`` (1,000 activities), measured in-process
(``harness.in_process``: no sockets, no uvicorn) on ``bench_performance_reads.py``'s kept
database (200 reps): the app's CPU per batch beside PostgreSQL's (its backends' CPU over the
same batches), so the activities per second the two cores allow. With ``--profile N`` prints
the N costliest calls (cProfile) of a profiled pass.

    BENCH_KEEP_DATABASE=1 python bench/bench_performance_reads.py   # make the database
    python bench/profile_ingest.py --batches 20 --profile 30
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import time
import uuid

import harness
from bench_performance import BATCH, CpuMeter, activities, as_json
from profile_performance_reads import kept_database


async def measure(url: str, options: argparse.Namespace) -> None:
    async with harness.connection(url) as conn:
        reps = [r["id"] for r in await conn.fetch("SELECT id FROM users WHERE 'REP' = ANY(roles)")]
    run = uuid.uuid4().hex[:8]
    bodies = [
        json.dumps([as_json(a) for a in activities(reps, n * BATCH, f"p{run}-")]).encode()
        for n in range(options.batches * (2 if options.profile else 1) + 2)
    ]
    async with harness.in_process(url) as http:
        headers = {
            **(await harness.sign_in(http, "ops@dealdesk.example")),
            "content-type": "application/json",
        }

        async def send(body: bytes) -> None:
            response = await http.post("/ingest/activities", headers=headers, content=body)
            assert response.status_code == 200, response.text
            assert response.json()["recorded"] == BATCH, response.text

        for body in bodies[:2]:
            await send(body)  # warm up
        meter = CpuMeter(url, None)
        await meter.start()
        cpu, wall = time.process_time(), time.perf_counter()
        for body in bodies[2 : 2 + options.batches]:
            await send(body)
        app = (time.process_time() - cpu) * 1000 / options.batches
        seconds = time.perf_counter() - wall
        database = (await meter.stop(options.batches))[1]
        cores = os.cpu_count() or 1
        print(
            f"bulk ingest in-process: {options.batches * BATCH / seconds:,.0f} activities/s "
            f"(one client), CPU per 1,000: app {app:.1f} ms + PostgreSQL {database:.1f} ms "
            f"(bound on {cores} idle cores: {cores * BATCH / ((app + database) / 1000):,.0f}/s)"
        )
        if options.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for body in bodies[2 + options.batches :]:
                await send(body)
            profiler.disable()
            if os.environ.get("DUMP"):
                profiler.dump_stats(os.environ["DUMP"])
            stats = pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "tottime"))
            stats.print_stats(os.environ.get("FILTER", ""), options.profile)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0)
    asyncio.run(measure(kept_database(), parser.parse_args()))


if __name__ == "__main__":
    main()
