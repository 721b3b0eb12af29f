"""Revision 0013 adds the close-date history, slippage events and forecast calls, and
takes them away again; the histories refuse changes once written."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row, user

TABLES = (
    "quote_close_date_changes",
    "slippage_events",
    "forecast_categories",
    "forecast_category_changes",
)
COUNT = f"SELECT count(*) AS n FROM pg_tables WHERE tablename = ANY('{{{','.join(TABLES)}}}')"


def test_the_revision_goes_up_and_down_and_its_histories_are_append_only(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0013_slippage_forecast")
    assert asyncio.run(fetch_row(scratch_url, COUNT))["n"] == 4
    with pytest.raises(
        asyncpg.PostgresError, match="quote_close_date_changes is append-only: UPDATE refused"
    ):
        asyncio.run(
            execute(
                scratch_url,
                user("REP"),
                (
                    "INSERT INTO accounts (name, segment, currency, owner_id) SELECT 'Acme', 'SMB', 'USD', id FROM users",
                ),
                (
                    "INSERT INTO quotes (name, account_id, owner_id, currency, status, valid_until) SELECT 'Q', a.id, u.id, 'USD', 'DRAFT', '2027-01-01' FROM accounts a, users u",
                ),
                (
                    "INSERT INTO quote_close_date_changes (quote_id, to_date) SELECT id, '2027-01-01' FROM quotes",
                ),
                ("UPDATE quote_close_date_changes SET to_date = '2027-02-01'",),
            )
        )

    command.downgrade(alembic_config(scratch_url), "0012_activities_kpis")

    assert asyncio.run(fetch_row(scratch_url, COUNT))["n"] == 0
