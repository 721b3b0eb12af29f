"""Revision 0033 adds a plan's clawback window (null or 0..3660 days) and takes it away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row

COLUMN = (
    "SELECT count(*) AS n FROM information_schema.columns WHERE table_name = "
    "'commission_plans' AND column_name = 'clawback_window_days'"
)
PLAN = (
    "INSERT INTO commission_plans (name, currency, period_kind, clawback_window_days) "
    "VALUES ('{name}', 'USD', 'QUARTER', {days})"
)


def test_the_revision_adds_the_clawback_window_with_its_range_and_goes_down_again(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0033_people_leavers")
    asyncio.run(
        execute(
            scratch_url, (PLAN.format(name="a", days="NULL"),), (PLAN.format(name="b", days=30),)
        )
    )
    assert dict(asyncio.run(fetch_row(scratch_url, COLUMN))) == {"n": 1}
    with pytest.raises(Exception, match="ck_commission_plans_clawback_window_range"):
        asyncio.run(execute(scratch_url, (PLAN.format(name="c", days=-1),)))

    command.downgrade(alembic_config(scratch_url), "0032_timeline_push_deliveries")

    assert dict(asyncio.run(fetch_row(scratch_url, COLUMN))) == {"n": 0}
