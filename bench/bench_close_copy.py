"""Where PostgreSQL's CPU goes when a close stores its statement lines (the COPY).

Needs the database ``bench_close.py --keep --database NAME`` left behind. Closes the
period once (rolled back) to get the 100,000 lines the close writes, then COPYs them again
(each trial rolled back) as they are, with empty details (the share of parsing each line's
JSON details), without credit, quote and adjustment ids (the share of those
references' checks), and with every reference-checking trigger off (``session_replication_role =
replica``: a superuser's switch, for measuring only), printing the backend's CPU for each.

Since revision 0041 the details are ``json`` (checked, not converted). On the 200-rep bench
the backend's CPU was 3.5 s with ``jsonb`` and four foreign keys; ``json`` saves about
0.6 s of it. Since revision 0043 the four references are checked by triggers once per COPY
(statement) instead of four foreign keys once per line; the last trial switches those
triggers off too, so the price of the checks stays known.

    python bench/bench_close_copy.py --database dealdesk_bench_close2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import asyncpg
from bench_close import DATABASE, _backend_cpu, _floor, open_period
from harness import DEFAULT_SERVER
from sqlalchemy.engine import make_url

from db.queries.commission_statements import STATEMENT_LINE_COLUMNS
from services.commissions.close_writer import BATCH_LINES

_Rows = list[tuple[Any, ...]]


async def _closed(url: str) -> tuple[dict[str, Any], list[dict[str, Any]], _Rows]:
    """The period row, statement rows and line records of one close (then rolled back)."""
    from db.engine import create_engine, create_session_factory
    from services.commissions.calendar import load_calendar
    from services.commissions.closing import close_period

    engine = create_engine(url, pool_size=2)
    try:
        async with create_session_factory(engine)() as session:
            row = await open_period(session)
            await close_period(session, row, await load_calendar(session), None, datetime.now(UTC))
            raw = await (await session.connection()).get_raw_connection()
            driver: Any = raw.driver_connection
            period = dict(
                await driver.fetchrow("SELECT * FROM commission_periods WHERE id = $1", row.id)
            )
            statements = [
                dict(r)
                for r in await driver.fetch(
                    "SELECT * FROM commission_statements WHERE period_id = $1", row.id
                )
            ]
            columns = ", ".join(STATEMENT_LINE_COLUMNS[:-1])
            lines = [
                tuple(r)
                for r in await driver.fetch(
                    f"SELECT {columns}, details::text FROM commission_statement_lines"
                    " WHERE statement_id IN (SELECT id FROM commission_statements"
                    " WHERE period_id = $1) ORDER BY id",
                    row.id,
                )
            ]
            await session.rollback()
    finally:
        await engine.dispose()
    return period, statements, lines


async def _copy(
    connection: Any, table: str, rows: list[dict[str, Any]] | _Rows, columns: Any = None
) -> None:
    if rows and isinstance(rows[0], dict):
        columns = list(rows[0])
        rows = [
            tuple(json.dumps(v) if isinstance(v, dict | list) else v for v in row.values())
            for row in rows  # type: ignore[union-attr]
        ]
    await connection.copy_records_to_table(table, records=rows, columns=columns)


async def main(url: str) -> None:
    period, statements, lines = await _closed(url)
    connection = await asyncpg.connect(url)
    pid = connection.get_server_pid()
    trials = {
        "as the close writes them": ([], lines),
        "details as []": ([], [(*line[:-1], "[]") for line in lines]),
        "no credit/quote/adjustment ids": (
            [],
            [(*line[:4], None, None, None, *line[7:]) for line in lines],
        ),
        "reference checks off": (["SET LOCAL session_replication_role = replica"], lines),
    }
    size = sum(len(line[-1]) for line in lines) / len(lines)
    print(f"{len(lines):,} lines, {size:.0f} characters of details each")
    try:
        for name, (settings, records) in trials.items():
            transaction = connection.transaction()
            await transaction.start()
            try:
                await connection.execute("SET LOCAL statement_timeout = 0")
                for setting in settings:
                    await connection.execute(setting)
                await _copy(connection, "commission_periods", [period])
                await _copy(connection, "commission_statements", statements)
                cpu = _backend_cpu(pid)
                for start in range(0, len(records), BATCH_LINES):  # (as the close's writer)
                    await _copy(
                        connection,
                        "commission_statement_lines",
                        records[start : start + BATCH_LINES],
                        STATEMENT_LINE_COLUMNS,
                    )
                print(f"    {name:32s} backend cpu {_backend_cpu(pid) - cpu:5.2f} s")
            finally:
                await transaction.rollback()
            # The rolled-back rows are dead but still indexed (the server may not vacuum on
            # its own): the next trial's lines, the same statements' positions again, would
            # check each one's uniqueness against them.
            await connection.execute("VACUUM commission_statement_lines, commission_statements")
    finally:
        await connection.close()
    print(f"    floor cpu {_floor():.3f} s (bench_close's)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_CLOSE_DATABASE", DATABASE))
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    asyncio.run(
        main(make_url(server).set(database=args.database).render_as_string(hide_password=False))
    )
