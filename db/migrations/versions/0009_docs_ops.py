"""Accounts get a postal address, printed on quote documents.

Revision ID: 0009_docs_ops
Revises: 0008_loop
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_docs_ops"
down_revision = "0008_loop"


def upgrade() -> None:
    op.add_column("accounts", sa.Column("address", sa.String(length=500), nullable=True))


def downgrade() -> None:
    op.drop_column("accounts", "address")
