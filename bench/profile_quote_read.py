"""CPU per read of a saved 1,000-line quote, measured in-process (the app under its own
lifespan, httpx's ASGI transport: no sockets, no uvicorn): the first screen (header, totals,
50 lines) and the walk of every line in pages of 200, the same documents as
``bench_quotes.py --reads``. ``--profile N`` prints the N costliest calls of a profiled pass.

    python bench/profile_quote_read.py                       # CPU per request
    python bench/profile_quote_read.py --profile 40 --what paged
    python bench/profile_quote_read.py --reuse               # keep and reuse the database
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import os
import pstats
import time

import harness
from bench_quotes import FIRST_SCREEN, PAGE, PAGED, real

DATABASE = "dealdesk_profile_quote_read"
LINES = 1000


async def measure(url: str, options: argparse.Namespace) -> None:
    async with harness.in_process(url) as http:
        rep = await harness.sign_in(http, "rep1@dealdesk.example")
        found = await harness.data(
            http, rep, "query { myQuotes(first: 1) { edges { node { id } } } }"
        )
        edges = found["myQuotes"]["edges"]
        mine = (
            await harness.data(
                http,
                rep,
                real("lineItems(first: 0) { totalCount }"),
                {"id": edges[0]["node"]["id"]},
            )
            if edges
            else None
        )
        if mine is None or mine["node"]["lineItems"]["totalCount"] != LINES:
            quote = await harness.demo_quote(http, rep, LINES)
        else:
            quote = edges[0]["node"]["id"]

        async def screen() -> None:
            await harness.data(http, rep, real(FIRST_SCREEN), {"id": quote})

        async def paged() -> None:
            after = None
            while True:
                page = await harness.data(
                    http,
                    rep,
                    real(PAGED, paged=True),
                    {"id": quote, "first": PAGE, "after": after},
                )
                info = page["node"]["lineItems"]["pageInfo"]
                if not info["hasNextPage"]:
                    return
                after = info["endCursor"]

        call = screen if options.what == "screen" else paged

        async def batch(count: int) -> float:
            started = time.process_time()
            for _ in range(count):
                await call()
            return (time.process_time() - started) * 1000 / count

        await batch(3)
        label = "first screen" if options.what == "screen" else f"walk of {LINES // PAGE} pages"
        print(f"in-process {label} of {LINES} lines: cpu={await batch(options.runs):7.2f} ms")
        if options.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            await batch(options.runs)
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.dump_stats(os.environ.get("PROFILE_DUMP", "/tmp/quote_read.prof"))
            stats.sort_stats(options.sort).print_stats(options.profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--what", choices=("screen", "paged"), default="screen")
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database")
    options = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    if options.reuse:
        from sqlalchemy.engine import make_url

        url = make_url(server).set(database=DATABASE).render_as_string(hide_password=False)
        with contextlib.suppress(OSError, RuntimeError):
            asyncio.run(measure(url, options))
            return
    with harness.fresh_database(DATABASE, keep=options.reuse) as url:
        harness.load_demo(url)
        asyncio.run(measure(url, options))


if __name__ == "__main__":
    main()
