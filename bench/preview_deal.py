"""``previewDeal`` end to end: 1 and 50 lines over HTTP to a running demo server, each beside
the floor measured in the same run (``floor_server``: a stock strawberry + starlette app
answering the same JSON from memory), with p50/p95, the ratio and SQL statements per request.

The deal is a full one: every other line carries a 20 % discount (the demo's discount
rules then need approvers: a plan with levels), rep1 is on the demo's layered commission
plan (base, product rates, tiers, SPIFs), and the demo's running contest enrols rep1; the
relevant content of the demo library is ranked too (``relevantContent``'s default, 5).
Goal: p95 <= 80 ms at 50 lines. Prints the load average beside the figures (the machine is shared).

python bench/preview_deal.py          # uses DATABASE_URL's server or 127.0.0.1:5432
"""

from __future__ import annotations

import os

import harness
from floor_server import beside_the_floor
from harness import SKUS

QUERY = harness.operation("preview_deal")
SIZES = (1, 50)
RUNS = 60


async def run(base: str) -> None:
    print(f"load average before: {os.getloadavg()}", flush=True)
    async with beside_the_floor(base) as bench:
        for size in SIZES:
            lines = [
                {
                    "key": f"L{i + 1}",
                    "productId": bench.products[SKUS[i % len(SKUS)]],
                    "quantity": 1 + i % 40,
                    **({"discount": {"percent": "20"}} if i % 2 == 0 else {}),
                }
                for i in range(size)
            ]
            variables = {
                "input": {
                    "accountId": bench.account,
                    "lines": lines,
                    "competitors": ["Contoso"],
                },
            }
            await bench.compare(
                f"previewDeal lines={size:3d}",
                document=QUERY,
                variables=lambda v=variables: v,
                runs=RUNS,
                goal="p95 <= 80 ms at 50 lines",
            )
    print(f"load average after: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    harness.on_demo_server("dealdesk_bench_preview_deal", run)
