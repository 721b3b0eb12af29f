"""CPU and wall time of ``preview_deal`` for 50 lines, in-process (no HTTP), on a fresh demo
database: the use case alone, and with ``--profile N`` the N costliest calls.

    python bench/profile_preview_deal.py --runs 30 --profile 30
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import harness
from in_process_timing import demo_rep, print_profile, timed_runs

LINES = 50


async def main(url: str, runs: int, profile: int, show_sql: bool, size: int) -> None:

    from db.engine import create_engine, create_session_factory
    from services.deals.preview import DealProposal, preview_deal
    from services.performance.metric_source import metric_source
    from services.pricing.policy import PricingPolicy
    from services.pricing.price_quote import Discount, Proposal, ProposedLine

    policy = PricingPolicy()
    engine = create_engine(url, pool_size=2)
    sessions = create_session_factory(engine)
    now = datetime.now(UTC)
    rep, products, account = await demo_rep(sessions)
    lines = tuple(
        ProposedLine(
            f"L{i + 1}",
            products[harness.SKUS[i % len(harness.SKUS)]],
            1 + i % 40,
            discount=Discount(percent=Decimal(20)) if i % 2 == 0 else None,
        )
        for i in range(size)
    )
    asked = DealProposal(Proposal(account, lines), competitors=("Contoso",))
    if show_sql:
        from sqlalchemy import event

        def shown(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
            print("SQL:", " ".join(statement.split())[:150])

        event.listen(engine.sync_engine, "before_cursor_execute", shown)
        async with sessions() as session:
            await preview_deal(session, rep, now, policy, metric_source(), asked)
        event.remove(engine.sync_engine, "before_cursor_execute", shown)
    previews: list[Any] = []

    async def preview(_: int) -> None:
        async with sessions() as session:
            previews.append(await preview_deal(session, rep, now, policy, metric_source(), asked))

    timed = await timed_runs(preview, runs, profile)
    found = previews[-1]
    levels = len({s.level for s in found.planned.plan.steps})
    print(
        f"plan levels={levels} contests={len(found.contests)}"
        f" estimate={'yes' if found.estimate.estimate else 'no'}"
    )
    print(timed.report(f"preview_deal, {size} lines, in-process"))
    await engine.dispose()
    print_profile(timed.profiler, profile)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest calls")
    parser.add_argument("--lines", type=int, default=LINES)
    parser.add_argument("--sql", action="store_true", help="print each statement of one run")
    options = parser.parse_args()
    with harness.fresh_database("dealdesk_profile_preview_deal") as url:
        harness.load_demo(url)
        asyncio.run(main(url, options.runs, options.profile, options.sql, options.lines))
