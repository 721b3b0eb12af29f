"""a statement keeps the dated exchange rates that converted the period's draws paid in
another currency than its own (one entry per draw: the rate, its day, the amount before and
after)

Revision ID: 0040_draw_conversions
Revises: 0039_quote_sync_trigger_fields
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0040_draw_conversions"
down_revision = "0039_quote_sync_trigger_fields"


def upgrade() -> None:
    op.add_column(
        "commission_statements",
        sa.Column("draw_conversions", JSONB(), server_default="[]", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("commission_statements", "draw_conversions")
