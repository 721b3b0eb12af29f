"""Period close at scale, in process, against real PostgreSQL: 200 reps x 500 credits.

Seeds the data of ``bench_commissions`` (a plan of 8 components, 100,000 credits in the
closing quarter; with ``--fixed`` also a fixed amount per unit and per deal, and one credit
in five in EUR converted at close), then times ``close_period`` (the use case behind
``closeCommissionPeriod``) end to end, prints its phases, CPU time and a digest of every
statement and statement line written, and rolls back, so runs on one database compare.

    python bench/bench_close.py [--fixed] [--keep] [--reuse] [--runs 2] [--profile FILE]
                                [--database NAME]

Besides the close's own wall and CPU time it prints the CPU time of its PostgreSQL backend
(the COPY's parsing and foreign-key checks): the close overlaps the two, so on a quiet
machine of two cores its wall time tends to the larger of them. A fixed piece of Python
timed around each close (the floor) gives ratios that compare runs on a loaded machine.

``--keep`` leaves the database for a later ``--reuse`` (skips seeding); ``--profile`` writes
a cProfile of the last run. The digest must not change when the close path changes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import hashlib
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_commissions
from harness import DEFAULT_SERVER, fresh_database, load_demo
from sqlalchemy import text
from sqlalchemy.engine import make_url

DATABASE = "dealdesk_bench_close"


async def open_period(session: Any) -> Any:
    """The period ``bench_commissions.seed`` fills, opened in the session's transaction."""
    from db.models.commissions import CommissionPeriod, CommissionPeriodKind, CommissionPeriodStatus
    from services.commissions.calendar import DEFAULT
    from services.rows import new_row

    current = DEFAULT.period_of(datetime.now(UTC).date())
    closing = DEFAULT.period_of(  # as bench_commissions.seed picks it
        DEFAULT.period_of(current.start - timedelta(days=1)).start - timedelta(days=1)
    )
    row = new_row(
        CommissionPeriod,
        closing,
        kind=CommissionPeriodKind(closing.kind.value),
        start_date=closing.start,
        end_date=closing.end,
        status=CommissionPeriodStatus.OPEN,
    )
    session.add(row)
    await session.flush()
    return row


async def close_once(url: str, profile: cProfile.Profile | None) -> str:
    from db.engine import create_engine, create_session_factory
    from services.commissions.calendar import load_calendar
    from services.commissions.closing import close_period

    engine = create_engine(url, pool_size=2)
    try:
        async with create_session_factory(engine)() as session:
            row = await open_period(session)
            calendar = await load_calendar(session)
            backend = await session.scalar(text("SELECT pg_backend_pid()"))
            server = _backend_cpu(backend)
            others = await _other_backends(session, backend)
            floor = _floor()
            stalls = Stalls()
            wall, cpu = time.perf_counter(), time.process_time()
            if profile:
                profile.enable()
            with stalls.ticking():
                result = await close_period(session, row, calendar, None, datetime.now(UTC))
            if profile:
                profile.disable()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            server = _backend_cpu(backend) - server
            others = sum(  # (the close's credit reader: a pooled connection, still open)
                _backend_cpu(pid) - others.get(pid, 0.0)
                for pid in await _other_backends(session, backend)
            )
            floor = (floor + _floor()) / 2
            phases = "  ".join(  # (a close before phases existed has none)
                f"{phase[0]} {phase[1]:.2f}" + (f" (cpu {phase[2]:.2f})" if len(phase) > 2 else "")
                for phase in getattr(result, "phases", ())
            )
            print(
                f"close_period 200 reps: wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
                f"PostgreSQL backend cpu {server:6.2f} s (+ reader {others:.2f} s)  "
                f"statements={result.statements} skipped={len(result.skipped)}\n"
                f"    floor cpu {floor:.3f} s: close cpu / floor {cpu / floor:.1f}, "
                f"backend cpu / floor {server / floor:.1f}\n    {stalls}\n    {phases}"
            )
            digest = hashlib.sha256()
            for record in await session.execute(
                text(
                    "SELECT s.rep_id, s.currency, s.attainment, s.quota, s.tier, s.sales_total,"
                    " s.clawback_total, s.period_total, s.adjustments_total, s.earned_total,"
                    " s.previously_paid, s.balance_due, s.non_cash_value, s.summary::text "
                    "FROM commission_statements s WHERE s.period_id = :p ORDER BY s.rep_id"
                ),
                {"p": row.id},
            ):
                digest.update(repr(tuple(record)).encode())
            for record in await session.execute(
                text(
                    "SELECT s.rep_id, l.position, l.kind, l.description, l.credit_id, l.quote_id,"
                    " l.adjustment_id, l.amount, l.details::jsonb::text"  # (jsonb's printing:
                    " FROM commission_statement_lines l"  # the same for json and jsonb)
                    " JOIN commission_statements s ON s.id = l.statement_id"
                    " WHERE s.period_id = :p ORDER BY s.rep_id, l.position"
                ),
                {"p": row.id},
            ):
                digest.update(repr(tuple(record)).encode())
            await session.rollback()
            return digest.hexdigest()
    finally:
        await engine.dispose()


class Stalls:
    """How long the event loop was held during the close: a task asks to wake every
    ``TICK`` seconds and records how late it wakes (another request would wait as long)."""

    TICK = 0.005

    def __init__(self) -> None:
        self.lags: list[float] = []

    @contextlib.contextmanager
    def ticking(self) -> Any:
        task = asyncio.get_running_loop().create_task(self._tick())
        try:
            yield
        finally:
            task.cancel()

    async def _tick(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(self.TICK)
            self.lags.append(time.perf_counter() - started - self.TICK)

    def __str__(self) -> str:
        lags = sorted(self.lags) or [0.0]
        held = sum(lag for lag in lags if lag > 0.05)
        return (
            f"event loop: worst stall {lags[-1] * 1000:.0f} ms, p99 "
            f"{lags[int(len(lags) * 0.99)] * 1000:.0f} ms, {len(lags)} ticks, "
            f"{held:.2f} s in stalls over 50 ms"
        )


def _floor() -> float:
    """CPU seconds of a fixed piece of Python (decimal arithmetic and small objects, like a
    close's), timed before and after each close: the close's CPU over it compares runs on a
    machine whose speed varies with its load."""
    started = time.process_time()
    total, rate = Decimal(0), Decimal("0.0725")
    for index in range(200_000):
        amount = Decimal(index) * rate
        total += (amount * rate).quantize(Decimal("0.01"))
        _ = (str(index), amount, total)
    return time.process_time() - started


async def _other_backends(session: Any, backend: int) -> dict[int, float]:
    """The CPU seconds so far of the other backends connected to the bench's database (the
    close reads its credits on a second connection of its engine's pool)."""
    await session.execute(text("SELECT pg_stat_clear_snapshot()"))  # (read once a transaction)
    pids = await session.scalars(
        text(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> :backend AND backend_type = 'client backend'"
        ),
        {"backend": backend},
    )
    return {pid: _backend_cpu(pid) for pid in pids}


def _backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a PostgreSQL backend on this machine: the close's
    server side, which runs beside the Python process (NaN where /proc cannot tell)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixed", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--profile")
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_CLOSE_DATABASE", DATABASE),
        help="the scratch database's name (dropped and recreated; env BENCH_CLOSE_DATABASE)",
    )
    args = parser.parse_args()
    bench_commissions.FIXED = args.fixed
    name = f"{args.database}{'_fixed' if args.fixed else ''}"
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}  fixed={args.fixed}")
    if args.reuse:
        server = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        run(url, args)
        return
    with fresh_database(name, keep=args.keep) as url:
        load_demo(url)
        asyncio.run(bench_commissions.seed(url, datetime.now(UTC).date()))
        run(url, args)


def run(url: str, args: argparse.Namespace) -> None:
    profile = cProfile.Profile() if args.profile else None
    for _ in range(args.runs):
        print(f"    digest {asyncio.run(close_once(url, profile))}")
    if profile:
        profile.dump_stats(args.profile)


if __name__ == "__main__":
    main()
