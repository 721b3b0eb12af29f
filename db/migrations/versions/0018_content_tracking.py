"""content tracking: views and shares of content items, training quizzes and their attempts

Revision ID: 0018_content_tracking
Revises: 0017_quote_line_order
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations import conventions

revision = "0018_content_tracking"
down_revision = "0017_quote_line_order"


def upgrade() -> None:
    op.create_table('content_events',
    *conventions.keyed('content_events'),
    sa.Column('action', sa.String(length=10), nullable=False),
    conventions.references('content_events', 'content_item_id', 'content_items', 'RESTRICT'),
    conventions.references('content_events', 'rep_id', 'users', 'RESTRICT'),
    conventions.references('content_events', 'quote_id', 'quotes', 'RESTRICT', nullable=True),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('VIEW', 'SHARE')", name=op.f('ck_content_events_action_known')),
    sa.CheckConstraint("action = 'VIEW' OR quote_id IS NOT NULL", name=op.f('ck_content_events_share_names_quote')),
    )
    op.create_index(op.f('ix_content_events_content_item_id'), 'content_events', ['content_item_id'], unique=False)
    op.create_index(op.f('ix_content_events_rep_id'), 'content_events', ['rep_id'], unique=False)
    op.create_index('uq_content_events_share', 'content_events', ['rep_id', 'content_item_id', 'quote_id'], unique=True, postgresql_where=sa.text("action = 'SHARE'"))
    op.create_index('ix_content_events_quote', 'content_events', ['quote_id'], unique=False, postgresql_where=sa.text("action = 'SHARE'"))
    op.create_table('content_quizzes',
    conventions.references('content_quizzes', 'content_item_id', 'content_items', 'CASCADE'),
    sa.Column('questions', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('pass_mark', sa.Integer(), nullable=False),
    conventions.stamped('updated_at'),
    conventions.stamped('created_at'),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('pass_mark BETWEEN 1 AND 100', name=op.f('ck_content_quizzes_pass_mark_percent')),
    sa.PrimaryKeyConstraint('content_item_id', name=op.f('pk_content_quizzes'))
    )
    op.create_table('content_quiz_attempts',
    *conventions.keyed('content_quiz_attempts'),
    conventions.references('content_quiz_attempts', 'content_item_id', 'content_items', 'RESTRICT'),
    conventions.references('content_quiz_attempts', 'rep_id', 'users', 'RESTRICT'),
    sa.Column('answers', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('right', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(op.f('ix_content_quiz_attempts_content_item_id'), 'content_quiz_attempts', ['content_item_id'], unique=False)
    op.create_index(op.f('ix_content_quiz_attempts_rep_id'), 'content_quiz_attempts', ['rep_id'], unique=False)


def downgrade() -> None:
    op.drop_table('content_quiz_attempts')
    op.drop_table('content_quizzes')
    op.drop_table('content_events')
