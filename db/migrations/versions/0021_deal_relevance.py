"""deal-driven content: items link segments and industries, revisions name competitors, and a
narrow copy of each item's links ranks content for deals

Revision ID: 0021_deal_relevance
Revises: 0020_metric_currency_rollups

``relevantContent`` scores every item that shares a link with a deal (often thousands of a
100,000-item library) and keeps the best few. Reading those candidates from
``content_items`` reads its wide rows (texts, indexed terms, search vector): about one heap
page per candidate. ``content_item_links`` holds only what ranking reads (kind, window,
audience, links), about a sixth of the pages, with a GIN index per link array; a trigger keeps
it equal to ``content_items`` on every insert (COPY included) and update, and a delete
cascades. Older items keep matching the customer by their tags (``content.relevance``).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0021_deal_relevance"
down_revision = "0020_metric_currency_rollups"

KEYS = postgresql.ARRAY(sa.String(length=100))
LINKS = ("product_ids", "families", "competitors", "segments", "industries", "tags")
COPIED = ("kind", "publish_at", "retire_at", "audience_roles", *LINKS)

SYNC = f"""
CREATE FUNCTION content_item_links_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO content_item_links (item_id, {", ".join(COPIED)})
    VALUES (NEW.id, {", ".join(f"NEW.{c}" for c in COPIED)})
    ON CONFLICT (item_id) DO UPDATE SET {", ".join(f"{c} = EXCLUDED.{c}" for c in COPIED)};
    RETURN NULL;
END $$
"""
TRIGGER = f"""
CREATE TRIGGER content_items_links_sync
    AFTER INSERT OR UPDATE OF {", ".join(COPIED)} ON content_items
    FOR EACH ROW EXECUTE FUNCTION content_item_links_sync()
"""


def upgrade() -> None:
    op.add_column("content_items", sa.Column("segments", KEYS, server_default="{}", nullable=False))
    op.add_column(
        "content_items", sa.Column("industries", KEYS, server_default="{}", nullable=False)
    )
    op.add_column(
        "quote_revisions", sa.Column("competitors", KEYS, server_default="{}", nullable=False)
    )
    op.create_table(
        "content_item_links",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("publish_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retire_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("audience_roles", postgresql.ARRAY(sa.String(length=20)), nullable=False),
        sa.Column("product_ids", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("families", KEYS, nullable=False),
        sa.Column("competitors", KEYS, nullable=False),
        sa.Column("segments", KEYS, nullable=False),
        sa.Column("industries", KEYS, nullable=False),
        sa.Column("tags", postgresql.ARRAY(sa.String(length=50)), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["content_items.id"],
            name=op.f("fk_content_item_links_item_id_content_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_content_item_links")),
    )
    for column in LINKS:
        op.create_index(
            f"ix_content_item_links_{column}",
            "content_item_links",
            [column],
            postgresql_using="gin",
        )
    op.create_index("ix_content_item_links_publish_at", "content_item_links", ["publish_at"])
    op.execute(
        f"INSERT INTO content_item_links (item_id, {', '.join(COPIED)}) "
        f"SELECT id, {', '.join(COPIED)} FROM content_items"
    )
    op.execute(SYNC)
    op.execute(TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER content_items_links_sync ON content_items")
    op.execute("DROP FUNCTION content_item_links_sync()")
    op.drop_table("content_item_links")
    op.drop_column("quote_revisions", "competitors")
    op.drop_column("content_items", "industries")
    op.drop_column("content_items", "segments")
