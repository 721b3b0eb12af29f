"""Revision 0016 adds contest spans and totals (gone with their contest) and takes them away."""

from __future__ import annotations

import asyncio

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row, tables, user

COUNT = ("contest_spans", "contest_totals")


def test_the_revision_goes_up_and_down_and_totals_go_with_their_contest(scratch_url: str) -> None:
    upgrade(scratch_url, "0016_contest_totals")
    asyncio.run(
        execute(
            scratch_url,
            user("OPS"),
            (
                "INSERT INTO contests (name, kind, metric_key, starts_at, ends_at, direction, "
                "scoring, created_by_id) SELECT 'C', 'RACE', 'CALLS', now(), now() + interval "
                "'1 day', 'HIGHER', 'RAW', id FROM users",
            ),
            (
                "INSERT INTO contest_spans SELECT id, 1, 'CALLS', current_date, current_date + 1 "
                "FROM contests",
            ),
            ("INSERT INTO contest_totals SELECT id, 1, 'CALLS', 1, 3, 4.5 FROM contests",),
        )
    )
    row = asyncio.run(fetch_row(scratch_url, "SELECT count, total FROM contest_totals"))
    assert (row["count"], row["total"]) == (3, 4.5)
    asyncio.run(execute(scratch_url, ("DELETE FROM contests",)))
    assert asyncio.run(fetch_row(scratch_url, "SELECT count(*) AS n FROM contest_spans"))["n"] == 0

    command.downgrade(alembic_config(scratch_url), "0015_content")

    assert tables(scratch_url, *COUNT) == 0
