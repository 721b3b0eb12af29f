"""deal-driven content: items link segments and industries, revisions name competitors

Revision ID: 0019_deal_relevance
Revises: 0018_content_tracking

``relevantContent`` matches a deal's products, families, competitors, segment and industry
against an item's arrays: GIN indexes let PostgreSQL OR their bitmaps instead of reading every
item. Older items keep matching the customer by their tags (``content.relevance``).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0019_deal_relevance"
down_revision = "0018_content_tracking"

KEYS = postgresql.ARRAY(sa.String(length=100))
GIN = ("families", "tags", "segments", "industries")


def upgrade() -> None:
    op.add_column("content_items", sa.Column("segments", KEYS, server_default="{}", nullable=False))
    op.add_column(
        "content_items", sa.Column("industries", KEYS, server_default="{}", nullable=False)
    )
    op.add_column(
        "quote_revisions", sa.Column("competitors", KEYS, server_default="{}", nullable=False)
    )
    for column in GIN:
        op.create_index(
            f"ix_content_items_{column}", "content_items", [column], postgresql_using="gin"
        )
    op.create_index("ix_content_items_publish_at", "content_items", ["publish_at"])


def downgrade() -> None:
    op.drop_index("ix_content_items_publish_at", table_name="content_items")
    for column in GIN:
        op.drop_index(f"ix_content_items_{column}", table_name="content_items")
    op.drop_column("quote_revisions", "competitors")
    op.drop_column("content_items", "industries")
    op.drop_column("content_items", "segments")
