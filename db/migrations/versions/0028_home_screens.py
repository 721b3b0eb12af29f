"""home screens: an index for when a quote was last touched by an activity

Revision ID: 0028_home_screens
Revises: 0027_exchange_rates
"""

import sqlalchemy as sa
from alembic import op

revision = "0028_home_screens"
down_revision = "0027_exchange_rates"


def upgrade() -> None:
    op.create_index(
        "ix_activities_quote_id",
        "activities",
        ["quote_id", "occurred_at"],
        unique=False,
        postgresql_where=sa.text("quote_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_activities_quote_id", table_name="activities")
