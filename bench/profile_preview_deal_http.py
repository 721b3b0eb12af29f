"""CPU and wall time of the whole ``previewDeal`` request (50 lines by default), in-process:
the app under its own lifespan, the typed client's document sent through httpx's ASGI
transport (no sockets, no uvicorn), so the figure is the app's own work per request,
GraphQL output included (``profile_preview_deal.py`` times the use case alone).

    python bench/profile_preview_deal_http.py --runs 40              # CPU per request
    python bench/profile_preview_deal_http.py --profile 40 --sort tottime
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time

import harness
from harness import SKUS
from in_process_timing import profile_run, profiler_options

QUERY = harness.client_operation("previewDeal")


async def measure(url: str, options: argparse.Namespace) -> None:
    async with harness.in_process(url) as http:
        headers = await harness.sign_in(http, "rep1@dealdesk.example")
        account, products = await harness.demo_catalog(http, headers)
        lines = [
            {
                "key": f"L{i + 1}",
                "productId": products[SKUS[i % len(SKUS)]],
                "quantity": 1 + i % 40,
                **({"discount": {"percent": "20"}} if i % 2 == 0 else {}),
            }
            for i in range(options.lines)
        ]
        body = {
            "query": QUERY,
            "variables": {
                "input": {"accountId": account, "lines": lines, "competitors": ["Contoso"]}
            },
        }

        async def once() -> None:
            response = await http.post("/graphql", headers=headers, json=body)
            if response.json().get("errors"):
                raise RuntimeError(response.json()["errors"])

        for _ in range(5):
            await once()
        cpu: list[float] = []
        wall: list[float] = []
        for _ in range(options.runs):
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            await once()
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started_wall) * 1000)
        print(f"load average: {os.getloadavg()}")
        print(f"previewDeal {options.lines} lines, in-process CPU:  {harness.percentiles(cpu)}")
        print(f"previewDeal {options.lines} lines, in-process wall: {harness.percentiles(wall)}")
        if options.profile:

            async def runs() -> None:
                for _ in range(options.runs):
                    await once()

            await profile_run(runs, options.profile, options.sort, "/tmp/preview_deal.prof")


def main() -> None:
    parser = profiler_options(40, "cumulative", __doc__)
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the database for another run")
    options = parser.parse_args()
    with harness.fresh_database("dealdesk_profile_preview_http", keep=options.keep) as url:
        harness.load_demo(url)
        asyncio.run(measure(url, options))


if __name__ == "__main__":
    main()
