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
import httpx
from cpu_floor import compare
from floor_server import running_floor
from harness import SKUS, free_port

QUERY = harness.client_operation("previewDeal")
SIZES = (1, 50)
RUNS = 60


async def run(base: str) -> None:
    print(f"load average before: {os.getloadavg()}", flush=True)
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        headers = await harness.sign_in(http, "rep1@dealdesk.example")
        account, products = await harness.demo_catalog(http, headers)
        with running_floor(free_port()) as floor_base:
            async with httpx.AsyncClient(base_url=floor_base, timeout=60) as floor:
                for size in SIZES:
                    lines = [
                        {
                            "key": f"L{i + 1}",
                            "productId": products[SKUS[i % len(SKUS)]],
                            "quantity": 1 + i % 40,
                            **({"discount": {"percent": "20"}} if i % 2 == 0 else {}),
                        }
                        for i in range(size)
                    ]
                    variables = {
                        "input": {
                            "accountId": account,
                            "lines": lines,
                            "competitors": ["Contoso"],
                        }
                    }
                    await compare(
                        f"previewDeal lines={size:3d}",
                        lambda v=variables: harness.post(http, headers, QUERY, v),
                        floor,
                        base,
                        runs=RUNS,
                        goal="p95 <= 80 ms at 50 lines",
                        variables=variables,
                    )
    print(f"load average after: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    harness.on_demo_server("dealdesk_bench_preview_deal", run)
