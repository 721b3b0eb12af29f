"""CPU per request of ``myApprovalInbox(first: 50)`` over 1,000 pending requests, measured
in-process (the app under its own lifespan, httpx's ASGI transport: no sockets, no
uvicorn), with ``--profile N`` the N costliest calls of a profiled pass (cProfile).

    python bench/profile_inbox.py                 # CPU per request
    python bench/profile_inbox.py --profile 40    # and where it goes
    python bench/profile_inbox.py --reuse         # keep and reuse the seeded database
"""

from __future__ import annotations

import argparse

import harness
from bench_approvals import INBOX, SEED, pending_request, seed_inbox
from in_process_timing import profiler_options

DATABASE = "dealdesk_profile_inbox"


async def measure(url: str, options: argparse.Namespace, seed: bool) -> None:
    async with harness.in_process(url) as http:
        if seed:
            rep = await harness.sign_in(http, "rep1@dealdesk.example")
            account, products = await harness.demo_catalog(http, rep)
            await pending_request(http, rep, account, products["SVC-INST"])
            await seed_inbox(url)
        manager = await harness.sign_in(http, "east.manager@dealdesk.example")

        async def call() -> None:
            body = (await harness.post(http, manager, INBOX)).json()
            if body.get("errors"):
                raise RuntimeError(body["errors"])

        await harness.cpu_figures(f"in-process inbox of {SEED}", call, options, "/tmp/inbox.prof")


def main() -> None:
    parser = profiler_options(40, "cumulative", __doc__)
    parser.add_argument("--batches", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database")
    options = parser.parse_args()
    harness.on_demo_database(
        DATABASE, options.reuse, lambda url, seed: measure(url, options, seed=seed)
    )


if __name__ == "__main__":
    main()
