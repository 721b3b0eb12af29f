"""CPU per one-line edit of a saved 1,000-line quote, measured in-process (no HTTP).

Creates the quote through ``create_quote`` on a fresh demo database, then changes one
line's quantity ``--runs`` times through ``edit_quote_lines`` (each edit its own
transaction, as the API runs it) and prints the process CPU time and the wall time per
edit (p50/p95). On a loaded machine the CPU figure is the steadier of the two.

    python bench/profile_quote_edit.py                 # the API's default policy
    python bench/profile_quote_edit.py --cache 0       # without the repricing cache
    python bench/profile_quote_edit.py --profile 20    # cProfile: the 20 costliest calls
    python bench/profile_quote_edit.py --statements    # each SQL statement of the last edit, timed

Statements per edit are always printed; ``--statements`` lists the last edit's with the time
from sending each to its result (the database's share of the wall time).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
from datetime import UTC, datetime

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


async def main(
    url: str, runs: int, cache: int | None, profile: int, dump: str, freeze: bool, listed: bool
) -> None:

    from db.engine import create_engine, create_session_factory
    from services.pricing.policy import PricingPolicy
    from services.pricing.reprice_cache import RepriceCache
    from services.quotes.create import NewQuote, create_quote
    from services.quotes.editing import QuoteRef
    from services.quotes.lines import LineChange, LineEdits, NewLine
    from services.quotes.update import edit_quote_lines
    from services.transaction import in_transaction

    policy = PricingPolicy() if cache is None else PricingPolicy(reprice_cache=RepriceCache(cache))
    engine = create_engine(url, pool_size=2)
    sessions = create_session_factory(engine)
    now = datetime.now(UTC)
    rep, products, account = await demo_rep(sessions)
    lines = tuple(
        NewLine(products[harness.SKUS[i % len(harness.SKUS)]], 1 + i % 30) for i in range(LINES)
    )
    started = time.perf_counter()
    made = await in_transaction(
        sessions.begin,
        lambda s: create_quote(s, rep, now, policy, NewQuote(account, lines=lines)),
    )
    assert made.value is not None, made.refusals
    print(f"createQuote, {LINES} lines: {(time.perf_counter() - started) * 1000:8.1f} ms wall")
    quote_id, version = made.value.id, made.value.version
    if freeze:  # what a server could do once started: the start-up heap is never walked again
        gc.freeze()

    collecting = CollectorTime()
    collecting.install()
    statements = StatementTimes(engine)
    counts: list[int] = []

    async def edit(index: int) -> None:
        nonlocal version
        edits = LineEdits(update=(LineChange("L7", quantity=index % 900 + 2),))
        statements.clear()
        outcome = await in_transaction(
            sessions.begin,
            lambda s: edit_quote_lines(s, rep, now, policy, QuoteRef(quote_id, version), edits),
        )
        assert outcome.value is not None, outcome.refusals
        version = outcome.value.quote.version
        if index >= WARM_UP:  # the first edits warm up
            counts.append(len(statements))

    timed = await timed_runs(edit, runs, profile)
    collecting.remove()
    label = f"updateQuoteLines, 1 of {LINES} lines, in-process"
    print_load()
    print(collecting.report(runs + WARM_UP, "edit"))
    print(timed.report(label))
    print(f"SQL statements per edit: {min(counts)}..{max(counts)}")
    if listed:
        print(statements.listing("the last edit's statements"))
    await engine.dispose()
    print_profile(timed.profiler, profile, dump)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cache", type=int, default=None, help="repricing cache size")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest calls")
    parser.add_argument("--freeze", action="store_true", help="gc.freeze() before the edits")
    parser.add_argument("--dump", default="", help="with --profile: save the stats to this file")
    parser.add_argument("--statements", action="store_true", help="time the last edit's SQL")
    options = parser.parse_args()
    with harness.fresh_database("dealdesk_profile_quote_edit") as url:
        harness.load_demo(url)
        asyncio.run(
            main(
                url,
                options.runs,
                options.cache,
                options.profile,
                options.dump,
                options.freeze,
                options.statements,
            )
        )
