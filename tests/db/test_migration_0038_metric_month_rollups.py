"""Revision 0038 adds metric_month_rollups, sums the day rollups already there into it, and
keeps it by statement triggers on metric_rollups (insert, update, delete, and the upsert that
does both in one statement); and takes it all away again."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from decimal import Decimal

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row

MONTHS = (
    "SELECT coalesce(jsonb_object_agg(month::text, jsonb_build_array(count, total)), '{}') AS m "
    "FROM metric_month_rollups"
)
TABLE = "SELECT count(*) AS n FROM pg_tables WHERE tablename = 'metric_month_rollups'"
ROLLUP = "INSERT INTO metric_rollups (metric, version, rep_id, day, count, total) VALUES "
UPSERT = (
    ROLLUP + "('CALLS', 1, 7, $1, $2, $3), ('CALLS', 1, 7, $4, 1, 0.25) "
    "ON CONFLICT (metric, version, rep_id, day) DO UPDATE "
    "SET count = metric_rollups.count + excluded.count, "
    "total = metric_rollups.total + excluded.total"
)


def months(url: str) -> dict[str, list[float | int]]:
    found: dict[str, list[float | int]] = json.loads(asyncio.run(fetch_row(url, MONTHS))["m"])
    return found


def test_month_rollups_sum_the_days_through_every_kind_of_write(scratch_url: str) -> None:
    upgrade(scratch_url, "0037_draws_payments_gaps")
    asyncio.run(
        execute(
            scratch_url,
            (ROLLUP + "('CALLS', 1, 7, '2026-10-30', 2, 2), ('CALLS', 1, 7, '2026-10-31', 3, 3)",),
        )
    )
    upgrade(scratch_url, "0038_metric_month_rollups")
    assert months(scratch_url) == {"2026-10-01": [5, 5]}  # summed on the way up

    asyncio.run(
        execute(
            scratch_url,
            # one statement updating a day and inserting another (of the next month)
            (UPSERT, date(2026, 10, 31), 4, Decimal("1.5"), date(2026, 11, 1)),
            ("UPDATE metric_rollups SET total = total + 10 WHERE day = '2026-10-30'",),
            ("DELETE FROM metric_rollups WHERE day = '2026-11-01'",),
        )
    )
    assert months(scratch_url) == {"2026-10-01": [9, 16.5], "2026-11-01": [0, 0]}

    command.downgrade(alembic_config(scratch_url), "0037_draws_payments_gaps")
    assert dict(asyncio.run(fetch_row(scratch_url, TABLE))) == {"n": 0}
    asyncio.run(execute(scratch_url, ("DELETE FROM metric_rollups",)))  # no trigger left
