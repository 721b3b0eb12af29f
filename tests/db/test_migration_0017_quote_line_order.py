"""Revision 0017 indexes a quote's lines by revision and position, and takes it away again."""

from __future__ import annotations

import asyncio

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import fetch_row

INDEX = (
    "SELECT count(*) AS n FROM pg_indexes WHERE tablename = 'quote_lines' "
    "AND indexname = 'ix_quote_lines_revision_position' "
    "AND indexdef LIKE '%(revision_id, \"position\")'"
)


def test_the_revision_goes_up_and_down(scratch_url: str) -> None:
    upgrade(scratch_url, "0017_quote_line_order")
    assert asyncio.run(fetch_row(scratch_url, INDEX))["n"] == 1

    command.downgrade(alembic_config(scratch_url), "0016_contest_totals")

    assert asyncio.run(fetch_row(scratch_url, INDEX))["n"] == 0
