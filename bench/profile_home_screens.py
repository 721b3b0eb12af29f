"""CPU per request of the home screens on the bench org, measured in-process: the app under
its own lifespan, requests sent through httpx's ASGI transport (no sockets, no uvicorn), so
the figure is the app's own work per request. With ``--profile N`` prints the N costliest
calls (cProfile) of a profiled pass.

The org is the one of ``home_screens.py`` (200 reps, about 20,000 quotes); ``--keep`` keeps
the database so the next run with ``--reuse`` skips the seeding (about a minute).

    python bench/profile_home_screens.py --keep                 # seed, CPU per request
    python bench/profile_home_screens.py --reuse --profile 40   # and where it goes
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import time
from pathlib import Path

import harness
from home_screens import MANAGER, REP, document, seed
from sqlalchemy.engine import make_url

DATABASE = os.environ.get("BENCH_DATABASE", "dealdesk_profile_home")


async def measure(url: str, options: argparse.Namespace) -> None:
    async with harness.in_process(url) as http:
        for who, name, variables in (
            (REP, "repHome", {"first": 10}),
            (MANAGER, "managerHome", {}),
        ):
            if options.only and options.only != name:
                continue
            headers = await harness.sign_in(http, who)
            query = (
                Path(options.document).read_text(encoding="utf-8")
                if options.document
                else document(name)
            )

            async def batch(
                count: int,
                query: str = query,
                headers: dict = headers,
                variables: dict = variables,
            ) -> float:
                started = time.process_time()
                for _ in range(count):
                    response = await http.post(
                        "/graphql",
                        headers=headers,
                        json={"query": query, "variables": variables},
                    )
                    if response.json().get("errors"):
                        raise RuntimeError(response.json()["errors"])
                return (time.process_time() - started) * 1000 / count

            await batch(max(1, options.runs // 4))  # warm up
            print(f"in-process {name}: cpu/request={await batch(options.runs):6.2f} ms")
            if options.profile:
                profiler = cProfile.Profile(time.process_time)  # CPU, not waits
                profiler.enable()
                await batch(options.runs)
                profiler.disable()
                stats = pstats.Stats(profiler)
                stats.dump_stats(f"/tmp/{name}.prof")
                stats.sort_stats(options.sort).print_stats(options.profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--only", choices=("repHome", "managerHome"))
    parser.add_argument("--document", help="a .graphql file to send instead (ablation)")
    parser.add_argument("--keep", action="store_true", help="keep the seeded database")
    parser.add_argument("--reuse", action="store_true", help="use the kept database")
    options = parser.parse_args()
    if options.reuse:
        server = os.environ.get("DATABASE_URL", harness.DEFAULT_SERVER)
        url = make_url(server).set(database=DATABASE).render_as_string(hide_password=False)
        asyncio.run(measure(url, options))
        return
    with harness.fresh_database(DATABASE, keep=options.keep) as url:
        harness.load_demo(url)
        asyncio.run(seed(url))
        asyncio.run(measure(url, options))


if __name__ == "__main__":
    main()
