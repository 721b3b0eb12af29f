"""slippage and forecast: close-date history, slippage events, forecast categories

Revision ID: 0013_slippage_forecast
Revises: 0012_activities_kpis

Every change of a quote's expected close date is a row; a move into a later
fiscal quarter is also a slippage event with the rep's reason. Forecast
categories keep the rep's call and the manager's override side by side, and
every call is logged, so the forecast of a week ago is computed from history.
The three histories are append-only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations import conventions

revision = "0013_slippage_forecast"
down_revision = "0012_activities_kpis"

APPEND_ONLY = ("quote_close_date_changes", "slippage_events", "forecast_category_changes")
CATEGORIES = "('COMMIT', 'BEST_CASE', 'PIPELINE', 'OMITTED')"


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def _at() -> sa.Column:
    return conventions.stamped("at")


def upgrade() -> None:
    table = "quote_close_date_changes"
    op.create_table(
        table,
        *conventions.keyed(table),
        conventions.references(table, "quote_id", "quotes", "CASCADE"),
        sa.Column("from_date", sa.Date(), nullable=True),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        conventions.references(table, "actor_id", "users", "RESTRICT", nullable=True),
        _at(),
    )
    op.create_index("ix_quote_close_date_changes_quote", table, ["quote_id", "at"])

    table = "slippage_events"
    op.create_table(
        table,
        *conventions.keyed(table),
        conventions.references(table, "quote_id", "quotes", "CASCADE"),
        conventions.references(table, "rep_id", "users", "RESTRICT"),
        sa.Column("amount", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("from_period", sa.String(length=20), nullable=False),
        sa.Column("to_period", sa.String(length=20), nullable=False),
        sa.Column("quarters", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        conventions.references(table, "actor_id", "users", "RESTRICT"),
        _at(),
        conventions.currency_iso(table),
        _check(table, "later", "to_date > from_date"),
        _check(table, "quarters_positive", "quarters >= 1"),
    )
    op.create_index(op.f("ix_slippage_events_quote_id"), table, ["quote_id"])
    op.create_index("ix_slippage_events_rep_at", table, ["rep_id", "at"])

    table = "forecast_categories"
    op.create_table(
        table,
        conventions.references(table, "quote_id", "quotes", "CASCADE"),
        sa.Column("rep_category", sa.String(length=20), nullable=True),
        conventions.references(table, "rep_set_by", "users", "RESTRICT", nullable=True),
        sa.Column("rep_set_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("manager_category", sa.String(length=20), nullable=True),
        sa.Column("manager_note", sa.Text(), nullable=True),
        conventions.references(table, "manager_set_by", "users", "RESTRICT", nullable=True),
        sa.Column("manager_set_at", sa.DateTime(timezone=True), nullable=True),
        conventions.primary_key(table, "quote_id"),
        _check(table, "rep", f"rep_category IS NULL OR rep_category IN {CATEGORIES}"),
        _check(table, "manager", f"manager_category IS NULL OR manager_category IN {CATEGORIES}"),
    )

    table = "forecast_category_changes"
    op.create_table(
        table,
        *conventions.keyed(table),
        conventions.references(table, "quote_id", "quotes", "CASCADE"),
        sa.Column("by_manager", sa.Boolean(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        conventions.references(table, "actor_id", "users", "RESTRICT"),
        _at(),
        _check(table, "category", f"category IN {CATEGORIES}"),
    )
    op.create_index("ix_forecast_category_changes_quote", table, ["quote_id", "at"])
    conventions.append_only(*APPEND_ONLY)


def downgrade() -> None:
    conventions.drop_append_only(*APPEND_ONLY)
    conventions.drop_table("forecast_category_changes", "ix_forecast_category_changes_quote")
    op.drop_table("forecast_categories")
    conventions.drop_table(
        "slippage_events", "ix_slippage_events_rep_at", op.f("ix_slippage_events_quote_id")
    )
    conventions.drop_table("quote_close_date_changes", "ix_quote_close_date_changes_quote")
