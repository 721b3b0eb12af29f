"""outbox: domain events appended in their transaction, webhook endpoints and deliveries,
Web Push subscriptions, period-close reminders sent

Revision ID: 0029_outbox
Revises: 0028_home_screens
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations import conventions

revision = '0029_outbox'
down_revision = "0028_home_screens"


def upgrade() -> None:
    op.create_table('outbox_events',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('topic', sa.String(length=60), nullable=False),
    sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('aggregate_type', sa.String(length=60), nullable=False),
    sa.Column('aggregate_id', sa.BigInteger(), nullable=False),
    sa.Column('recipients', postgresql.ARRAY(sa.Integer()), server_default='{}', nullable=False),
    sa.Column('dispatched_at', sa.DateTime(timezone=True), nullable=True),
    conventions.stamped('created_at'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_events'))
    )
    op.create_index('ix_outbox_events_undispatched', 'outbox_events', ['id'], unique=False, postgresql_where=sa.text('dispatched_at IS NULL'))
    op.create_table('push_subscriptions',
    *conventions.keyed('push_subscriptions'),
    conventions.references('push_subscriptions', 'user_id', 'users', 'CASCADE'),
    sa.Column('kind', sa.String(length=20), server_default='web', nullable=False),
    sa.Column('endpoint', sa.String(length=2000), nullable=False),
    sa.Column('p256dh', sa.String(length=200), nullable=False),
    sa.Column('auth', sa.String(length=100), nullable=False),
    sa.Column('last_sent_at', sa.DateTime(timezone=True), nullable=True),
    conventions.stamped('created_at'),
    sa.UniqueConstraint('endpoint', name=op.f('uq_push_subscriptions_endpoint'))
    )
    op.create_index(op.f('ix_push_subscriptions_user_id'), 'push_subscriptions', ['user_id'], unique=False)
    op.create_table('webhook_endpoints',
    *conventions.keyed('webhook_endpoints'),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('topics', postgresql.ARRAY(sa.String(length=60)), nullable=False),
    sa.Column('description', sa.String(length=500), server_default='', nullable=False),
    sa.Column('secret', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    conventions.references('webhook_endpoints', 'created_by_id', 'users', 'RESTRICT'),
    sa.Column('secret_rotated_at', sa.DateTime(timezone=True), nullable=True),
    conventions.stamped('updated_at'),
    conventions.stamped('created_at'),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('cardinality(topics) > 0', name=op.f('ck_webhook_endpoints_has_topic')),
    sa.CheckConstraint('length(url) <= 2000', name=op.f('ck_webhook_endpoints_url_bounded')),
    )
    op.create_table('period_close_reminders',
    conventions.references('period_close_reminders', 'period_id', 'commission_periods', 'CASCADE'),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    conventions.stamped('sent_at'),
    sa.PrimaryKeyConstraint('period_id', 'kind', name=op.f('pk_period_close_reminders'))
    )
    op.create_table('webhook_deliveries',
    *conventions.keyed('webhook_deliveries'),
    conventions.references('webhook_deliveries', 'endpoint_id', 'webhook_endpoints', 'CASCADE'),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'DELIVERED', 'DEAD', name='webhook_delivery_status'), nullable=False),
    sa.Column('attempts', sa.SmallInteger(), server_default='0', nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_response_code', sa.SmallInteger(), nullable=True),
    sa.Column('last_error', sa.String(length=1000), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    conventions.stamped('created_at'),
    sa.ForeignKeyConstraint(['event_id'], ['outbox_events.id'], name=op.f('fk_webhook_deliveries_event_id_outbox_events'), ondelete='CASCADE'),
    sa.UniqueConstraint('endpoint_id', 'event_id', name=op.f('uq_webhook_deliveries_endpoint_id_event_id'))
    )
    op.create_index('ix_webhook_deliveries_status_id', 'webhook_deliveries', ['status', 'id'], unique=False)


    op.create_table('contest_rank_marks',
    conventions.references('contest_rank_marks', 'contest_id', 'contests', 'CASCADE'),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('contest_id', 'participant_id', name=op.f('pk_contest_rank_marks'))
    )


def downgrade() -> None:
    op.drop_table('contest_rank_marks')
    op.drop_index('ix_webhook_deliveries_status_id', table_name='webhook_deliveries')
    op.drop_table('webhook_deliveries')
    op.drop_table('period_close_reminders')
    op.drop_table('webhook_endpoints')
    op.drop_index(op.f('ix_push_subscriptions_user_id'), table_name='push_subscriptions')
    op.drop_table('push_subscriptions')
    op.drop_index('ix_outbox_events_undispatched', table_name='outbox_events', postgresql_where=sa.text('dispatched_at IS NULL'))
    op.drop_table('outbox_events')
