"""The Python phases of a period close alone, on credits read once: decode, compute, records.

``bench_close`` times the close end to end, where its Python work overlaps PostgreSQL's
and a loaded machine blurs both. This one reads the closing period's credits of the
database ``bench_close --keep`` left (200 reps, 100,000 credits) once, then runs the
close's own per-rep steps on them several times (decoding the rows, rating and settling
the period, building the statement and its line records) and prints each phase's CPU
seconds, best of the runs, with the floor of ``bench_close`` measured in the same run
and a digest of the line records (it must not change when the close path changes).

    python bench/bench_close.py --keep --runs 1     # once, to seed
    python bench/bench_close_cpu.py [--runs 5] [--database NAME] [--profile FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import hashlib
import os
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_close import DATABASE, _floor, open_period
from harness import DEFAULT_SERVER
from sqlalchemy.engine import make_url


async def gather(url: str) -> tuple[Any, ...]:
    """What ``close_period`` reads before its loop, and every rep's credit rows (as tuples)."""
    from db.engine import create_engine, create_session_factory
    from db.queries import commission_close as close_queries
    from db.queries import commission_statements as statement_queries
    from db.queries import commissions as queries
    from services.commissions.calendar import load_calendar
    from services.commissions.closing import _rates, fiscal_period
    from services.commissions.payouts import payout_inputs
    from services.commissions.people import departures, leavers_with_clawbacks
    from services.commissions.rep_plans import rep_plans

    engine = create_engine(url, pool_size=2)
    try:
        async with create_session_factory(engine)() as session:
            row = await open_period(session)
            setting = await load_calendar(session)
            period = fiscal_period(row)
            plans = await rep_plans(session, None, period, setting)
            plans.update(await leavers_with_clawbacks(session, period, plans, setting))
            adjustments: dict[int, list[Any]] = defaultdict(list)
            for adjustment in await queries.adjustments_in(
                session, period.start, period.end, plans.keys()
            ):
                adjustments[adjustment.rep_id].append(adjustment)
            carried = await statement_queries.latest_statements_before(
                session, plans.keys(), period.start
            )
            labels = await close_queries.quote_labels_in(
                session, period.start, period.end, plans.keys()
            )
            rates = await _rates(session, period, plans)
            leavers = await departures(session, plans, period)
            payout_data = await payout_inputs(session, period, plans, carried, labels.keys())
            rows = {
                rep: [tuple(r) for r in records]
                async for rep, records in close_queries.credits_by_rep(
                    session, period.start, period.end, plans.keys()
                )
            }
            return (row,  # (closing the session rolls back, expiring nothing)
                    setting, period, plans, adjustments, carried, labels, rates, leavers,
                    payout_data, rows)  # fmt: skip
    finally:
        await engine.dispose()


def close_cpu(data: tuple[Any, ...]) -> tuple[dict[str, float], str]:
    """One pass of the close's per-rep Python steps: CPU seconds per phase, records' digest."""
    from db.codec.commissions import summary_of
    from services.commissions import closing
    from services.commissions.close_gc import collector_paused
    from services.commissions.payouts import payout_of

    (row, setting, period, plans, adjustments, carried_rows, labels, rates, leavers,
     payout_data, all_rows) = data  # fmt: skip
    timer = closing._Phases()
    digest = hashlib.sha256()
    with collector_paused():
        for rep_id, plan in sorted(plans.items()):
            rows = all_rows.get(rep_id, [])
            carried = carried_rows.get(rep_id)
            timer.mark("other")
            computed = closing._rep_statement(
                plan,
                rows,
                setting,
                period,
                summary_of(carried.summary).spif_carry if carried is not None else (),
                rates,
                leavers.get(rep_id),
                adjustments.get(rep_id, []),
                timer,
            )
            by_key = {r[1]: r for r in rows}
            lines = closing._line_records(computed.statement, computed.adjustments, by_key, labels)
            payout = payout_of(
                rep_id, computed.statement, plan, payout_data, closing._quote_ids(by_key)
            )
            statement = closing._RepStatement(
                rep_id, computed.statement, computed.result, lines, computed.parts, payout
            )
            record = closing._statement_row(row, plan, statement)
            timer.mark("line records")
            kept = sorted(
                (k, v) for k, v in record.items() if k != "period_id"
            )  # (a new one a run)
            digest.update(repr((kept, lines)).encode())
            timer.mark("other")
    return {name: cpu for name, _, cpu in timer.phases}, digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile")
    parser.add_argument("--database", default=os.environ.get("BENCH_CLOSE_DATABASE", DATABASE))
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
    url = make_url(server).set(database=args.database).render_as_string(hide_password=False)
    data = asyncio.run(gather(url))
    credits = sum(len(r) for r in data[-1].values())
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average {load}  {credits} credits  {datetime.now(UTC):%H:%M:%S}")
    best: dict[str, float] = {}
    floors, digests = [], set()
    profile = cProfile.Profile() if args.profile else None
    for _ in range(args.runs):
        floors.append(_floor())
        started = time.process_time()
        if profile:
            profile.enable()
        phases, digest = close_cpu(data)
        if profile:
            profile.disable()
        phases["total"] = time.process_time() - started
        digests.add(digest)
        for name, cpu in phases.items():
            best[name] = min(best.get(name, cpu), cpu)
    floor = min(floors)
    print(
        f"best of {args.runs}, CPU s (/ floor {floor:.3f} s): "
        + "  ".join(f"{name} {cpu:.2f} ({cpu / floor:.1f})" for name, cpu in best.items())
    )
    print(f"    records digest {' '.join(sorted(digests))}")
    if profile:
        profile.dump_stats(args.profile)


if __name__ == "__main__":
    main()
