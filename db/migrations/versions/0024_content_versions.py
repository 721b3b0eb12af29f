"""content versions: the published versions of each content item, backfilled as version 1

Revision ID: 0024_content_versions
Revises: 0023_content_attachments
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations import conventions

revision = "0024_content_versions"
down_revision = "0023_content_attachments"


def upgrade() -> None:
    op.create_table('content_item_versions',
    *conventions.keyed('content_item_versions'),
    conventions.references('content_item_versions', 'item_id', 'content_items', 'CASCADE'),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=20), nullable=False),
    sa.Column('tags', postgresql.ARRAY(sa.String(length=50)), nullable=False),
    sa.Column('product_ids', postgresql.ARRAY(sa.Integer()), nullable=False),
    sa.Column('competitors', postgresql.ARRAY(sa.String(length=100)), nullable=False),
    sa.Column('publish_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retire_at', sa.DateTime(timezone=True), nullable=True),
    conventions.references('content_item_versions', 'changed_by_id', 'users', 'RESTRICT'),
    sa.Column('change_note', sa.String(length=500), nullable=True),
    conventions.stamped('created_at'),
    sa.CheckConstraint('number >= 1', name=op.f('ck_content_item_versions_number_positive')),
    sa.CheckConstraint('retire_at IS NULL OR retire_at >= publish_at', name=op.f('ck_content_item_versions_window_ordered')),
    sa.CheckConstraint('length(change_note) <= 500', name=op.f('ck_content_item_versions_change_note_bounded')),
    sa.UniqueConstraint('item_id', 'number', name=op.f('uq_content_item_versions_item_id_number'))
    )
    # Items written before versions were kept: their current text is their version 1.
    op.execute(
        "INSERT INTO content_item_versions (item_id, number, title, summary, body, body_html, "
        "language, tags, product_ids, competitors, publish_at, retire_at, changed_by_id, "
        "created_at) SELECT id, 1, title, summary, body, body_html, language, tags, "
        "product_ids, competitors, publish_at, retire_at, created_by_id, created_at "
        "FROM content_items"
    )


def downgrade() -> None:
    op.drop_table('content_item_versions')
