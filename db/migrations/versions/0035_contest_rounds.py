"""contest rounds and currency: a tournament's round schedule (contest_rounds) and the one
currency a money contest counts (contests.currency)

Revision ID: 0035_contest_rounds
Revises: 0034_draws_payments
"""

import sqlalchemy as sa
from alembic import op

revision = "0035_contest_rounds"
down_revision = "0034_draws_payments"


def upgrade() -> None:
    op.add_column("contests", sa.Column("currency", sa.String(length=3), nullable=True))
    op.create_check_constraint(
        op.f("ck_contests_currency_iso"), "contests", "currency IS NULL OR currency ~ '^[A-Z]{3}$'"
    )
    op.create_table(
        "contest_rounds",
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_contest_rounds_window_ordered")),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_contest_rounds_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contest_id", "number", name=op.f("pk_contest_rounds")),
    )


def downgrade() -> None:
    op.drop_table("contest_rounds")
    op.drop_constraint(op.f("ck_contests_currency_iso"), "contests", type_="check")
    op.drop_column("contests", "currency")
