"""sign-in failures, for throttling sign-in across server processes

Revision ID: 0008_loop
Revises: 0007_realtime
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_loop"
down_revision = "0007_realtime"


def upgrade() -> None:
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=320), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    op.create_index(
        "ix_sign_in_failures_scope_key_failed_at",
        "sign_in_failures",
        ["scope", "key", "failed_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_sign_in_failures_scope_key_failed_at", table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
