"""content items: enablement material reps search (full text, Thai and Chinese segmented)

Revision ID: 0015_content
Revises: 0014_contests_badges_onboarding

``search_vector`` is computed by the database from the ``terms_*`` columns, which the app
fills with the indexed text (Thai and Chinese runs cut into words and character pairs).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations import conventions

revision = "0015_content"
down_revision = "0014_contests_badges_onboarding"

KINDS = (
    "'PRODUCT_SHEET', 'COMPETITOR_BATTLECARD', 'CASE_STUDY', 'WHITE_PAPER', "
    "'TRAINING_MODULE', 'PRICING_GUIDE', 'ROI_TOOL', 'OBJECTION_HANDLING', 'PLAYBOOK'"
)


def upgrade() -> None:
    op.create_table('content_items',
    *conventions.keyed('content_items'),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), server_default='', nullable=False),
    sa.Column('body', sa.Text(), server_default='', nullable=False),
    sa.Column('body_html', sa.Text(), server_default='', nullable=False),
    sa.Column('language', sa.String(length=20), nullable=False),
    sa.Column('tags', postgresql.ARRAY(sa.String(length=50)), nullable=False),
    sa.Column('product_ids', postgresql.ARRAY(sa.Integer()), nullable=False),
    sa.Column('families', postgresql.ARRAY(sa.String(length=100)), nullable=False),
    sa.Column('competitors', postgresql.ARRAY(sa.String(length=100)), nullable=False),
    sa.Column('audience_roles', postgresql.ARRAY(sa.String(length=20)), nullable=False),
    sa.Column('publish_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retire_at', sa.DateTime(timezone=True), nullable=True),
    conventions.references('content_items', 'created_by_id', 'users', 'RESTRICT'),
    sa.Column('terms_a', sa.Text(), server_default='', nullable=False),
    sa.Column('terms_b', sa.Text(), server_default='', nullable=False),
    sa.Column('terms_c', sa.Text(), server_default='', nullable=False),
    sa.Column('snippet_text', sa.Text(), server_default='', nullable=False),
    sa.Column('search_vector', postgresql.TSVECTOR(), sa.Computed(
        "setweight(to_tsvector('simple', terms_a), 'A') || "
        "setweight(to_tsvector('simple', terms_b), 'B') || "
        "setweight(to_tsvector('simple', terms_c), 'C')", persisted=True), nullable=True),
    conventions.stamped('updated_at'),
    conventions.stamped('created_at'),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint(f"kind IN ({KINDS})", name=op.f('ck_content_items_kind_known')),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_content_items_title_not_blank')),
    sa.CheckConstraint('length(title) <= 300', name=op.f('ck_content_items_title_bounded')),
    sa.CheckConstraint('length(summary) <= 2000', name=op.f('ck_content_items_summary_bounded')),
    sa.CheckConstraint('length(body) <= 100000', name=op.f('ck_content_items_body_bounded')),
    sa.CheckConstraint('retire_at IS NULL OR retire_at >= publish_at', name=op.f('ck_content_items_window_ordered')),
    )
    op.create_index(op.f('ix_content_items_kind'), 'content_items', ['kind'], unique=False)
    op.create_index('ix_content_items_search', 'content_items', ['search_vector'], unique=False, postgresql_using='gin')
    op.create_index('ix_content_items_product_ids', 'content_items', ['product_ids'], unique=False, postgresql_using='gin')
    op.create_index('ix_content_items_competitors', 'content_items', ['competitors'], unique=False, postgresql_using='gin')


def downgrade() -> None:
    op.drop_table('content_items')
