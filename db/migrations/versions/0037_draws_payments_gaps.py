"""draws and payments, the gaps: the payment hold becomes a property of each plan version
(backfilled from its plan), a draw may belong to an assignment (it ends with it), and a
statement keeps the dated exchange rate that converted a balance carried in another currency

Revision ID: 0037_draws_payments_gaps
Revises: 0036_quote_snapshot_lz4
"""

import sqlalchemy as sa
from alembic import op

revision = "0037_draws_payments_gaps"
down_revision = "0036_quote_snapshot_lz4"

CARRY_CONVERSION_COMPLETE = (
    "(carry_rate IS NULL) = (carry_from_currency IS NULL)"
    " AND (carry_rate IS NULL) = (carry_rate_valid_from IS NULL)"
    " AND (carry_rate IS NULL) = (carried_in_original IS NULL)"
)


def upgrade() -> None:
    op.add_column(
        "commission_plan_versions",
        sa.Column("holds_until_invoice_paid", sa.Boolean(), server_default="false", nullable=False),
    )
    op.execute(
        "UPDATE commission_plan_versions v SET holds_until_invoice_paid = p.holds_until_invoice_paid"
        " FROM commission_plans p WHERE p.id = v.plan_id AND p.holds_until_invoice_paid"
    )
    op.add_column("commission_draws", sa.Column("assignment_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_commission_draws_assignment_id_commission_assignments"),
        "commission_draws",
        "commission_assignments",
        ["assignment_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.create_index(
        op.f("ix_commission_draws_assignment_id"), "commission_draws", ["assignment_id"]
    )
    op.add_column(
        "commission_statements", sa.Column("carry_from_currency", sa.String(3), nullable=True)
    )
    op.add_column(
        "commission_statements",
        sa.Column("carry_rate", sa.Numeric(precision=24, scale=12), nullable=True),
    )
    op.add_column(
        "commission_statements", sa.Column("carry_rate_valid_from", sa.Date(), nullable=True)
    )
    op.add_column(
        "commission_statements",
        sa.Column("carried_in_original", sa.Numeric(precision=18, scale=6), nullable=True),
    )
    op.create_check_constraint(
        op.f("ck_commission_statements_carry_conversion_complete"),
        "commission_statements",
        CARRY_CONVERSION_COMPLETE,
    )


def downgrade() -> None:
    op.drop_constraint(
        op.f("ck_commission_statements_carry_conversion_complete"),
        "commission_statements",
        type_="check",
    )
    for column in ("carried_in_original", "carry_rate_valid_from", "carry_rate"):
        op.drop_column("commission_statements", column)
    op.drop_column("commission_statements", "carry_from_currency")
    op.drop_index(op.f("ix_commission_draws_assignment_id"), table_name="commission_draws")
    op.drop_constraint(
        op.f("fk_commission_draws_assignment_id_commission_assignments"),
        "commission_draws",
        type_="foreignkey",
    )
    op.drop_column("commission_draws", "assignment_id")
    op.drop_column("commission_plan_versions", "holds_until_invoice_paid")
