"""CPU per request of the mobile mix (``me``, ``myQuotes(first: 20)``, ``myCommissions``),
measured in-process: the app under its own lifespan, requests sent through httpx's ASGI
transport (no sockets, no uvicorn), so the figure is the app's own work per request.

Runs the mix ``--runs`` times round-robin at ``--concurrency``, prints the process CPU time
per request (with the server's garbage-collector tuning unless ``--default-gc``), and
with ``--profile N`` the N costliest calls (cProfile, cumulative) of a
profiled pass. On a loaded machine the CPU figure is the steadier one.

    python bench/profile_mobile_mix.py                  # CPU per request
    python bench/profile_mobile_mix.py --profile 40     # and where it goes
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time

import harness
import httpx
from bench_mobile_mix import MIX, REP
from in_process_timing import profile_run, profiler_options


async def measure(url: str, options: argparse.Namespace) -> None:
    runs, concurrency, profile = options.runs, options.concurrency, options.profile
    from server.app import create_app
    from server.gc_tuning import tune_gc
    from server.settings import Settings

    os.environ.setdefault("DEALDESK_SECRET_KEY", "bench-secret-key-bench-secret-key")
    app = create_app(Settings(database_url=url, log_level="WARNING"))
    if not options.default_gc:
        tune_gc()  # as ``server.app.app_from_environment`` does
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            headers = await harness.sign_in(http, REP)
            names = list(MIX)

            async def client(offset: int, count: int) -> None:
                for i in range(count):
                    name = names[(offset + i) % len(names)]
                    response = await http.post(
                        "/graphql", headers=headers, json={"query": MIX[name]}
                    )
                    if response.json().get("errors"):
                        raise RuntimeError(response.json()["errors"])

            async def batch(total: int) -> float:
                per = max(1, total // concurrency)
                started = time.process_time()
                await asyncio.gather(*(client(k, per) for k in range(concurrency)))
                return (time.process_time() - started) * 1000 / (per * concurrency)

            await batch(runs // 4)  # warm up: caches, first-use imports
            print(f"in-process mobile mix: cpu/request={await batch(runs):6.2f} ms")
            if profile:
                await profile_run(
                    lambda: batch(runs), profile, options.sort, "/tmp/mobile_mix.prof"
                )


def main() -> None:
    parser = profiler_options(600, "cumulative", __doc__)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--default-gc", action="store_true", help="without server.gc_tuning")
    options = parser.parse_args()
    with harness.fresh_database("dealdesk_profile_mobile_mix") as url:
        harness.load_demo(url)
        asyncio.run(measure(url, options))


if __name__ == "__main__":
    main()
