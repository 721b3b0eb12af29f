"""Revision 0034 adds draws (never overlapping for a rep), invoice payments and commission
payments (append-only, positive), the plans' hold option and the statements' payout columns,
and takes them away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row, tables, user

TABLES = ("commission_draws", "invoice_payments", "commission_payments")
COLUMNS = (
    "SELECT count(*) AS n FROM information_schema.columns WHERE "
    "(table_name = 'commission_statements' AND column_name IN ('amount_due', 'carried_forward',"
    " 'held_pool')) OR (table_name = 'commission_plans' AND column_name = 'holds_until_invoice_paid')"
)
DRAW = (
    "INSERT INTO commission_draws (rep_id, kind, amount, currency, start_date, end_date) "
    "SELECT id, 'RECOVERABLE', {amount}, 'USD', {start}, {end} FROM users LIMIT 1"
)


def test_the_revision_adds_draws_and_payments_with_their_rules(scratch_url: str) -> None:
    upgrade(scratch_url, "0034_draws_payments")
    asyncio.run(
        execute(
            scratch_url,
            user("FINANCE"),
            (DRAW.format(amount="1000", start="'2026-01-01'", end="'2026-06-30'"),),
        )
    )
    assert tables(scratch_url, *TABLES) == 3
    assert asyncio.run(fetch_row(scratch_url, COLUMNS))["n"] == 4
    for amount, start, end, constraint in (
        ("500", "'2026-06-01'", "NULL", "overlaps the dates"),
        ("0", "'2027-01-01'", "NULL", "amount_positive"),
        ("5", "'2027-01-01'", "'2026-01-01'", "range lower bound"),
    ):
        with pytest.raises(Exception, match=constraint):
            asyncio.run(execute(scratch_url, (DRAW.format(amount=amount, start=start, end=end),)))
    asyncio.run(execute(scratch_url, (DRAW.format(amount="5", start="'2026-07-01'", end="NULL"),)))

    command.downgrade(alembic_config(scratch_url), "0033_people_leavers")

    assert tables(scratch_url, *TABLES) == 0
    assert asyncio.run(fetch_row(scratch_url, COLUMNS))["n"] == 0


STATEMENT = (
    "INSERT INTO commission_statements (id, period_id, rep_id, currency, sales_total,"
    " clawback_total, period_total, adjustments_total, earned_total, previously_paid,"
    " balance_due, non_cash_value, summary) VALUES ({id}, 1, {id}, 'USD', 0, 0, 0, 0,"
    " {balance}, 0, {balance}, 0, '{{}}')"
)
PAYOUT = "SELECT amount_due, carried_forward FROM commission_statements WHERE id = {id}"


def test_statements_issued_before_owe_their_negative_balance_forward(scratch_url: str) -> None:
    """A statement of a closed period: due when its balance is positive, carried when negative
    (the closed period's trigger is set aside for the backfill only)."""
    upgrade(scratch_url, "0033_people_leavers")
    asyncio.run(
        execute(
            scratch_url,
            ("SET session_replication_role = replica",),  # parents (users) are not needed here
            (
                "INSERT INTO commission_periods (id, kind, label, fiscal_year, index, start_date,"
                " end_date, status, closed_at) VALUES (1, 'QUARTER', 'FY2026-Q3', 2026, 3,"
                " '2026-07-01', '2026-09-30', 'CLOSED', now())",
            ),
            (STATEMENT.format(id=1, balance="180.00"),),
            (STATEMENT.format(id=2, balance="-420.00"),),
        )
    )

    upgrade(scratch_url, "0034_draws_payments")

    due = asyncio.run(fetch_row(scratch_url, PAYOUT.format(id=1)))
    owed = asyncio.run(fetch_row(scratch_url, PAYOUT.format(id=2)))
    assert (due["amount_due"], due["carried_forward"]) == (180, 0)
    assert (owed["amount_due"], owed["carried_forward"]) == (0, -420)
    with pytest.raises(Exception, match="append-only"):
        asyncio.run(execute(scratch_url, ("UPDATE commission_statements SET amount_due = 1",)))
