"""Revision 0037 gives each plan version its payment hold (copied from its plan), draws an
optional assignment, and statements the rate that converted a carry (all of it or none of
it), and takes them away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row

PLAN = (
    "INSERT INTO commission_plans (id, name, currency, period_kind, holds_until_invoice_paid)"
    " VALUES ({id}, 'P{id}', 'USD', 'QUARTER', {holds})"
)
VERSION = (
    "INSERT INTO commission_plan_versions (plan_id, number, name, effective_from, components)"
    " VALUES ({plan}, {number}, 'v', '{start}', '[]')"
)
HOLDS = (
    "SELECT array_agg(holds_until_invoice_paid ORDER BY plan_id, number)::text AS holds"
    " FROM commission_plan_versions"
)
COLUMNS = (
    "SELECT count(*) AS n FROM information_schema.columns WHERE (table_name ="
    " 'commission_plan_versions' AND column_name = 'holds_until_invoice_paid') OR (table_name ="
    " 'commission_draws' AND column_name = 'assignment_id') OR (table_name ="
    " 'commission_statements' AND column_name IN ('carry_from_currency', 'carry_rate',"
    " 'carry_rate_valid_from', 'carried_in_original'))"
)
STATEMENT = (
    "INSERT INTO commission_statements (period_id, rep_id, currency, sales_total,"
    " clawback_total, period_total, adjustments_total, earned_total, previously_paid,"
    " balance_due, non_cash_value, summary, carry_rate, carry_from_currency) VALUES"
    " (1, 1, 'EUR', 0, 0, 0, 0, 0, 0, 0, 0, '{}', 0.9, 'USD')"
)


def test_versions_take_their_plans_hold_and_a_conversion_is_stored_whole(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0036_quote_snapshot_lz4")
    asyncio.run(
        execute(
            scratch_url,
            (PLAN.format(id=1, holds="true"),),
            (PLAN.format(id=2, holds="false"),),
            (VERSION.format(plan=1, number=1, start="2026-01-01"),),
            (VERSION.format(plan=2, number=1, start="2026-01-01"),),
        )
    )

    upgrade(scratch_url, "0037_draws_payments_gaps")

    assert asyncio.run(fetch_row(scratch_url, HOLDS))["holds"] == "{t,f}"
    assert asyncio.run(fetch_row(scratch_url, COLUMNS))["n"] == 6
    with pytest.raises(Exception, match="carry_conversion_complete"):
        asyncio.run(
            execute(
                scratch_url,
                ("SET session_replication_role = replica",),  # no period or rep needed
                (STATEMENT,),
            )
        )

    command.downgrade(alembic_config(scratch_url), "0036_quote_snapshot_lz4")

    assert asyncio.run(fetch_row(scratch_url, COLUMNS))["n"] == 0
