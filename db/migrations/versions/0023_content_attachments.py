"""content attachments: files attached to content items, named by their SHA-256

Revision ID: 0023_content_attachments
Revises: 0022_content_search_stemming
"""

import sqlalchemy as sa
from alembic import op

from db.migrations import conventions

revision = "0023_content_attachments"
down_revision = "0022_content_search_stemming"


def upgrade() -> None:
    op.create_table('content_attachments',
    *conventions.keyed('content_attachments'),
    conventions.references('content_attachments', 'content_item_id', 'content_items', 'CASCADE'),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    conventions.references('content_attachments', 'uploaded_by_id', 'users', 'RESTRICT'),
    conventions.stamped('created_at'),
    sa.CheckConstraint('size > 0', name=op.f('ck_content_attachments_size_positive')),
    sa.CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name=op.f('ck_content_attachments_sha256_hex')),
    sa.CheckConstraint('length(trim(file_name)) > 0', name=op.f('ck_content_attachments_file_name_not_blank')),
    sa.UniqueConstraint('content_item_id', 'sha256', name=op.f('uq_content_attachments_content_item_id_sha256'))
    )
    op.create_index(op.f('ix_content_attachments_content_item_id'), 'content_attachments', ['content_item_id'], unique=False)
    op.create_index(op.f('ix_content_attachments_sha256'), 'content_attachments', ['sha256'], unique=False)


def downgrade() -> None:
    op.drop_table('content_attachments')
