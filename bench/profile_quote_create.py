"""CPU per ``createQuote`` of 1,000 lines, measured in-process (no HTTP).

Creates the quote through ``create_quote`` on a fresh demo database ``--runs`` times (each
its own transaction, as the API runs it) and prints the process CPU and wall time per
create (p50/p95), the garbage collector's share and the SQL statements per create; the
floor is the same process's CPU for a JSON round trip of the result (``cpu_floor`` style
figures are in ``bench_quote_writes.py`` over HTTP).

    python bench/profile_quote_create.py                 # the API's default policy
    python bench/profile_quote_create.py --profile 25    # cProfile: the 25 costliest calls
    python bench/profile_quote_create.py --statements    # each SQL statement of the last create
    python bench/profile_quote_create.py --http          # the whole request: the app in-process
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import harness
from in_process_timing import (
    WARM_UP,
    CollectorTime,
    StatementTimes,
    demo_rep,
    print_load,
    print_profile,
    timed_runs,
)

LINES = 1000


async def main(url: str, runs: int, profile: int, listed: bool) -> None:

    from db.engine import create_engine, create_session_factory
    from services.pricing.policy import PricingPolicy
    from services.quotes.create import NewQuote, create_quote
    from services.quotes.lines import Discount, NewLine
    from services.transaction import in_transaction

    policy = PricingPolicy()
    engine = create_engine(url, pool_size=2)
    sessions = create_session_factory(engine)
    now = datetime.now(UTC)
    rep, products, account = await demo_rep(sessions)
    lines = tuple(  # every 7th line with a discount typed "2", stored as 2.0000
        NewLine(
            products[harness.SKUS[i % len(harness.SKUS)]],
            1 + i % 30,
            discount=None if i % 7 else Discount(percent=Decimal("2")),
        )
        for i in range(LINES)
    )
    collecting = CollectorTime()
    statements = StatementTimes(engine)
    counts: list[int] = []
    collecting.install()

    async def create(index: int) -> None:
        statements.clear()
        if index == WARM_UP:  # the collector's figures cover the measured creates only
            collecting.total, collecting.full = 0.0, 0
        made = await in_transaction(
            sessions.begin,
            lambda s: create_quote(s, rep, now, policy, NewQuote(account, lines=lines)),
        )
        assert made.value is not None, made.refusals
        if index >= WARM_UP:
            counts.append(len(statements))

    timed = await timed_runs(create, runs, profile)
    collecting.remove()
    label = f"createQuote, {LINES} lines, in-process"
    print_load()
    print(collecting.report(runs, "create"))
    print(timed.report(label))
    print(f"SQL statements per create: {min(counts)}..{max(counts)}")
    if listed:
        print(statements.listing("the last create's statements"))
    await engine.dispose()
    print_profile(timed.profiler, profile)


async def over_http(url: str, runs: int, profile: int) -> None:
    """The ``createQuote`` request of ``bench_quote_writes.py`` through the app in this process
    (GC tuned as the server tunes it): CPU and wall per request, with GraphQL's share."""
    async with harness.in_process(url) as http:
        rep = await harness.sign_in(http, "rep1@dealdesk.example")
        account, products = await harness.demo_catalog(http, rep)
        lines = [
            {"productId": products[harness.SKUS[i % len(harness.SKUS)]], "quantity": 1 + i % 30}
            for i in range(LINES)
        ]
        document = harness.operation("create_quote")
        variables = {"i": {"accountId": account, "lines": lines}}
        timed = await timed_runs(
            lambda _: harness.data(http, rep, document, variables), runs, profile
        )
    print_load()
    print(timed.report(f"createQuote, {LINES} lines, in-process HTTP"))
    print_profile(timed.profiler, profile)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest calls")
    parser.add_argument("--statements", action="store_true", help="time the last create's SQL")
    parser.add_argument("--http", action="store_true", help="the whole request, in-process")
    options = parser.parse_args()
    with harness.fresh_database("dealdesk_profile_quote_create") as url:
        harness.load_demo(url)
        if options.http:
            asyncio.run(over_http(url, options.runs, options.profile))
        else:
            asyncio.run(main(url, options.runs, options.profile, options.statements))
