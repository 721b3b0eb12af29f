"""activities and KPIs: rep time zones, performance settings, activity kinds, the activity log,
versioned metric definitions, day rollups with their distinct keys, and KPI targets

Revision ID: 0012_activities_kpis
Revises: 0011_priced_snapshots

The standard activity kinds are seeded as they stood when this revision was
written (the list is frozen here). Standard metric definitions are not rows:
version 1 of each is the engine's built-in; OPS's edits are stored versions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from db.migrations.conventions import drop_table, primary_key, references, stamped

revision = "0012_activities_kpis"
down_revision = "0011_priced_snapshots"

# key, level, name, worked time, recordable
STANDARD_KINDS = (
    ("LIST_BUILT", "TARGET", "List built", False, True),
    ("LEAD", "TARGET", "Lead", False, True),
    ("DIAL", "ENGAGE", "Call dialled", False, True),
    ("CONTACT", "ENGAGE", "Contact made", False, True),
    ("EMAIL", "ENGAGE", "Email sent", False, True),
    ("TRANSFER", "ENGAGE", "Call transferred", False, True),
    ("ROI_DEMO", "PERSUADE", "ROI tool demo", False, True),
    ("ROLE_MESSAGING", "PERSUADE", "Role-based messaging", False, True),
    ("CONTENT_SHARED", "PERSUADE", "Case study or white paper shared", False, True),
    ("REFERRAL", "CLOSE", "Referral", False, True),
    ("CONTRACT_SENT", "CLOSE", "Contract sent for signature", False, True),
    ("CROSS_SELL", "EXPAND", "Cross-sell", False, True),
    ("UP_SELL", "EXPAND", "Up-sell", False, True),
    ("RENEWAL", "EXPAND", "Renewal", False, True),
    ("CUSTOMER_ENGAGEMENT", "EXPAND", "Customer engagement", False, True),
    ("TRAINING_COMPLETED", "DEVELOP", "Training completed", False, True),
    ("COACHING_SESSION", "DEVELOP", "Coaching session", False, True),
    ("CRM_CONTACT_ENTERED", "MANAGE", "Contact entered in the CRM", False, True),
    ("CRM_EMAIL_SENT", "MANAGE", "Email sent from the CRM", False, True),
    ("SHIFT", "MANAGE", "Worked time", True, True),
    ("QUOTE_GENERATED", "CLOSE", "Quote generated", False, False),
    ("QUOTE_SENT", "CLOSE", "Quote sent", False, False),
    ("QUOTE_ACCEPTED", "CLOSE", "Quote accepted", False, False),
    ("SALE", "CLOSE", "Sale won", False, False),
    ("SLIPPAGE", "MANAGE", "Close date slipped to a later quarter", False, False),
)

KEY = sa.String(length=64)
AMOUNT = sa.Numeric(18, 6)


def _day_key() -> tuple[sa.Column, ...]:
    return (
        sa.Column("metric", KEY, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
    )


def upgrade() -> None:
    op.add_column(
        "users", sa.Column("time_zone", sa.String(length=64), server_default="UTC", nullable=False)
    )
    op.create_table(
        "performance_settings",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("week_start", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("future_tolerance_seconds", sa.Integer(), server_default="300", nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_performance_settings_single_row")),
        sa.CheckConstraint("week_start BETWEEN 0 AND 6", name=op.f("ck_performance_settings_week")),
        sa.CheckConstraint(
            "future_tolerance_seconds BETWEEN 0 AND 86400",
            name=op.f("ck_performance_settings_tolerance"),
        ),
        primary_key("performance_settings"),
    )
    kinds = op.create_table(
        "activity_kinds",
        sa.Column("key", KEY, nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("worked_time", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("recordable", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("standard", sa.Boolean(), server_default="false", nullable=False),
        stamped("created_at"),
        primary_key("activity_kinds", "key"),
    )
    op.bulk_insert(
        kinds,
        [
            {"key": k, "level": lv, "name": n, "worked_time": w, "recordable": r, "standard": True}
            for k, lv, n, w, r in STANDARD_KINDS
        ],
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.BigInteger(), nullable=False),
        references("activities", "rep_id", "users", "RESTRICT"),
        sa.Column("kind", KEY, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("quantity", AMOUNT, server_default="1", nullable=False),
        sa.Column("amount", AMOUNT, nullable=True),
        sa.Column("duration_seconds", sa.Integer(), nullable=True),
        references("activities", "account_id", "accounts", "SET NULL", nullable=True),
        references("activities", "quote_id", "quotes", "SET NULL", nullable=True),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("customer_key", sa.String(length=200), nullable=True),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("attributes", JSONB(), server_default="{}", nullable=False),
        references("activities", "recorded_by", "users", "RESTRICT", nullable=True),
        stamped("recorded_at"),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_activities_quantity_positive")),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_activities_amount_not_negative")),
        sa.CheckConstraint("duration_seconds >= 0", name=op.f("ck_activities_duration")),
        sa.UniqueConstraint("rep_id", "external_id", name=op.f("uq_activities_rep_id")),
        primary_key("activities"),
    )
    op.create_index(
        "ix_activities_occurred_at_brin", "activities", ["occurred_at"], postgresql_using="brin"
    )
    op.create_index("ix_activities_kind_rep_id", "activities", ["kind", "rep_id"])
    op.create_table(
        "metric_definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", KEY, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", JSONB(), nullable=False),
        sa.Column("current", sa.Boolean(), server_default="false", nullable=False),
        references("metric_definitions", "created_by", "users", "RESTRICT", nullable=True),
        stamped("created_at"),
        sa.UniqueConstraint("key", "version", name=op.f("uq_metric_definitions_key")),
        primary_key("metric_definitions"),
    )
    op.create_index(
        "uq_metric_definitions_current",
        "metric_definitions",
        ["key"],
        unique=True,
        postgresql_where=sa.text("current"),
    )
    op.create_table(
        "metric_rollups",
        *_day_key(),
        sa.Column("count", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("total", sa.Numeric(), server_default="0", nullable=False),
        primary_key("metric_rollups", "metric", "version", "rep_id", "day"),
    )
    op.create_table(
        "metric_distinct_keys",
        *_day_key(),
        sa.Column("key", sa.String(length=200), nullable=False),
        primary_key("metric_distinct_keys", "metric", "version", "rep_id", "day", "key"),
    )
    op.create_table(
        "kpi_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("metric", KEY, nullable=False),
        references("kpi_targets", "rep_id", "users", "CASCADE", nullable=True),
        references("kpi_targets", "team_manager_id", "users", "CASCADE", nullable=True),
        sa.Column("grain", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("target", AMOUNT, nullable=False),
        stamped("created_at"),
        sa.CheckConstraint(
            "rep_id IS NULL OR team_manager_id IS NULL", name=op.f("ck_kpi_targets_one_scope")
        ),
        sa.CheckConstraint("target >= 0", name=op.f("ck_kpi_targets_not_negative")),
        primary_key("kpi_targets"),
    )
    op.create_index(
        "uq_kpi_targets_scope",
        "kpi_targets",
        [
            "metric",
            sa.text("coalesce(rep_id, 0)"),
            sa.text("coalesce(team_manager_id, 0)"),
            "grain",
            sa.text("coalesce(period_start, '1900-01-01'::date)"),
        ],
        unique=True,
    )


def downgrade() -> None:
    drop_table("kpi_targets", "uq_kpi_targets_scope")
    op.drop_table("metric_distinct_keys")
    op.drop_table("metric_rollups")
    drop_table("metric_definitions", "uq_metric_definitions_current")
    drop_table("activities", "ix_activities_kind_rep_id", "ix_activities_occurred_at_brin")
    op.drop_table("activity_kinds")
    op.drop_table("performance_settings")
    op.drop_column("users", "time_zone")
