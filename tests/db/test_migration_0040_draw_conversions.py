"""Revision 0040 gives statements the list of draws converted from another currency (empty on
the statements already issued), and takes it away again."""

from __future__ import annotations

import asyncio

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row

STATEMENT = (
    "INSERT INTO commission_statements (period_id, rep_id, currency, sales_total,"
    " clawback_total, period_total, adjustments_total, earned_total, previously_paid,"
    " balance_due, non_cash_value, summary) VALUES (1, 1, 'EUR', 0, 0, 0, 0, 0, 0, 0, 0, '{}')"
)
CONVERSIONS = "SELECT draw_conversions::text AS found FROM commission_statements"
COLUMNS = (
    "SELECT count(*) AS n FROM information_schema.columns WHERE table_name ="
    " 'commission_statements' AND column_name = 'draw_conversions'"
)


def test_issued_statements_have_no_draw_converted_and_the_column_goes_down(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0039_quote_sync_trigger_fields")
    asyncio.run(
        execute(
            scratch_url,
            ("SET session_replication_role = replica",),  # no period or rep needed
            (STATEMENT,),
        )
    )

    upgrade(scratch_url, "0040_draw_conversions")

    assert asyncio.run(fetch_row(scratch_url, CONVERSIONS))["found"] == "[]"

    command.downgrade(alembic_config(scratch_url), "0039_quote_sync_trigger_fields")

    assert asyncio.run(fetch_row(scratch_url, COLUMNS))["n"] == 0
