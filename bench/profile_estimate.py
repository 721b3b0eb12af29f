"""CPU per request of ``estimateCommission`` (50 lines, a rep with 2,000 credits) measured
in-process (the app under its own lifespan, httpx's ASGI transport), seeded as
``bench_commissions.py`` seeds it; with ``--profile N`` the N costliest calls (cProfile).

    python bench/profile_estimate.py                # CPU per request
    python bench/profile_estimate.py --profile 40   # and where it goes
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime

import harness
from bench_commissions import ESTIMATE, SKUS, seed, store_state
from in_process_timing import profiler_options
from strawberry.relay import to_base64


async def measure(url: str, seeded: dict, options: argparse.Namespace) -> None:
    async with harness.in_process(url) as http:
        rep = await harness.sign_in(http, str(seeded["estimate_rep"]))
        products = await harness.data(
            http, rep, "{ products(first: 50) { edges { node { id sku } } } }"
        )
        ids = {e["node"]["sku"]: e["node"]["id"] for e in products["products"]["edges"]}
        lines = [
            {"key": f"L{i + 1}", "productId": ids[SKUS[i % len(SKUS)]], "quantity": 1 + i % 7}
            for i in range(50)
        ]
        account = to_base64("Account", int(seeded["account"]))
        what_if = {"i": {"accountId": account, "lines": lines}}

        async def call() -> None:
            body = (await harness.post(http, rep, ESTIMATE, what_if)).json()
            if body.get("errors") or body["data"]["estimateCommission"]["problems"]:
                raise RuntimeError(body)

        await harness.cpu_figures(
            "in-process estimateCommission", call, options, "/tmp/estimate.prof"
        )


def main() -> None:
    parser = profiler_options(20, "tottime", __doc__)
    parser.add_argument("--batches", type=int, default=5)
    options = parser.parse_args()
    with harness.fresh_database("dealdesk_profile_estimate") as url:
        harness.load_demo(url)
        seeded = asyncio.run(seed(url, datetime.now(UTC).date()))
        asyncio.run(store_state(url, str(seeded["estimate_rep"])))
        asyncio.run(measure(url, seeded, options))


if __name__ == "__main__":
    main()
