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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_close import DATABASE, _floor, open_period
from harness import DEFAULT_SERVER
from sqlalchemy.engine import make_url


async def gather(url: str) -> tuple[Any, dict[int, list[Any]]]:
    """What ``close_period`` reads before its loop, and every rep's credit rows (as tuples)."""
    from db.engine import create_engine, create_session_factory
    from db.queries import commission_close as close_queries
    from services.commissions.calendar import load_calendar
    from services.commissions.closing import read_inputs

    engine = create_engine(url, pool_size=2)
    try:
        async with create_session_factory(engine)() as session:
            row = await open_period(session)
            inputs = await read_inputs(session, row, await load_calendar(session))
            period = inputs.period
            rows = {
                rep: [tuple(r) for r in records]
                async for rep, records in close_queries.credits_by_rep(
                    session, period.start, period.end, inputs.plans.keys()
                )
            }
            return inputs, rows  # (closing the session rolls back, expiring nothing)
    finally:
        await engine.dispose()


def close_cpu(inputs: Any, all_rows: dict[int, list[Any]]) -> tuple[dict[str, float], str]:
    """One pass of the close's per-rep Python steps: CPU seconds per phase, records' digest."""
    from db.codec.statement_lines import decode_fields
    from services.collector import collector_paused
    from services.commissions.close_reps import Phases, close_tables, rep_close

    tables = close_tables(inputs)
    timer = Phases()
    digest = hashlib.sha256()
    with collector_paused():
        for rep_id in sorted(inputs.plans):
            timer.mark("other")
            done = rep_close(tables, rep_id, all_rows.get(rep_id, []), timer)
            timer.mark("line records")
            kept = sorted((k, v) for k, v in done.row.items() if k != "period_id")  # (new each run)
            lines = [decode_fields(line) for line in done.lines]  # (the records they encode)
            digest.update(repr((kept, lines, done.refusals)).encode())
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
    inputs, rows = asyncio.run(gather(url))
    credits = sum(len(r) for r in rows.values())
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
        phases, digest = close_cpu(inputs, rows)
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
