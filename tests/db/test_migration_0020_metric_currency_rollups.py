"""Revision 0020 adds a money metric's day rollups per currency (one row per metric version,
rep, day and currency), and takes them away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, tables

TABLES = ("metric_currency_rollups",)
ROW = (
    "INSERT INTO metric_currency_rollups (metric, version, rep_id, day, currency, count, total) "
    "VALUES ('REVENUE', 1, 1, '2026-11-30', 'THB', 1, 100)"
)


def test_the_revision_goes_up_and_down_and_keeps_one_row_per_currency(scratch_url: str) -> None:
    upgrade(scratch_url, "0020_metric_currency_rollups")
    assert tables(scratch_url, *TABLES) == 1
    asyncio.run(execute(scratch_url, (ROW,), (ROW.replace("'THB'", "'USD'"),)))
    with pytest.raises(Exception, match="pk_metric_currency_rollups"):
        asyncio.run(execute(scratch_url, (ROW,)))

    command.downgrade(alembic_config(scratch_url), "0019_job_queue")

    assert tables(scratch_url, *TABLES) == 0
