"""contests (prizes, enrolments, final standings), badges (levels, awards) and onboarding

Revision ID: 0014_contests_badges_onboarding
Revises: 0013_slippage_forecast

Badge awards and closed contest results are append-only: an award is earned once
and a final board never changes.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations.conventions import append_only, drop_append_only

revision = '0014_contests_badges_onboarding'
down_revision = "0013_slippage_forecast"


def upgrade() -> None:
    op.create_table('badges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('metric_key', sa.String(length=100), nullable=True),
    sa.Column('grain', sa.String(length=10), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_badges_created_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badges')),
    sa.UniqueConstraint('key', name=op.f('uq_badges_key'))
    )
    op.create_table('contests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('metric_key', sa.String(length=100), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('direction', sa.String(length=20), nullable=False),
    sa.Column('scoring', sa.String(length=20), nullable=False),
    sa.Column('team_score', sa.String(length=10), nullable=True),
    sa.Column('target', sa.Numeric(), nullable=True),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('rules_frozen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("direction IN ('HIGHER', 'LOWER')", name=op.f('ck_contests_direction_known')),
    sa.CheckConstraint("kind IN ('RACE', 'TARGET', 'HEAD_TO_HEAD', 'TOURNAMENT')", name=op.f('ck_contests_kind_known')),
    sa.CheckConstraint("scoring IN ('RAW', 'ATTAINMENT')", name=op.f('ck_contests_scoring_known')),
    sa.CheckConstraint("team_score IS NULL OR team_score IN ('SUM', 'AVERAGE')", name=op.f('ck_contests_team')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_contests_window_ordered')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_contests_created_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['manager_id'], ['users.id'], name=op.f('fk_contests_manager_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contests'))
    )
    op.create_table('badge_awards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('badge_id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('awarded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('facts', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['badge_id'], ['badges.id'], name=op.f('fk_badge_awards_badge_id_badges'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rep_id'], ['users.id'], name=op.f('fk_badge_awards_rep_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_awards')),
    sa.UniqueConstraint('badge_id', 'rep_id', 'level', name=op.f('uq_badge_awards_badge_id_rep_id_level'))
    )
    op.create_index(op.f('ix_badge_awards_badge_id'), 'badge_awards', ['badge_id'], unique=False)
    op.create_index(op.f('ix_badge_awards_rep_id'), 'badge_awards', ['rep_id'], unique=False)
    op.create_table('badge_levels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('badge_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('threshold', sa.Numeric(), nullable=False),
    sa.CheckConstraint('level >= 1', name=op.f('ck_badge_levels_level_positive')),
    sa.CheckConstraint('threshold > 0', name=op.f('ck_badge_levels_threshold_positive')),
    sa.ForeignKeyConstraint(['badge_id'], ['badges.id'], name=op.f('fk_badge_levels_badge_id_badges'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_levels')),
    sa.UniqueConstraint('badge_id', 'level', name=op.f('uq_badge_levels_badge_id_level'))
    )
    op.create_index(op.f('ix_badge_levels_badge_id'), 'badge_levels', ['badge_id'], unique=False)
    op.create_table('contest_enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=True),
    sa.Column('team_manager_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('num_nonnulls(rep_id, team_manager_id, role) = 1', name=op.f('ck_contest_enrolments_one_participant')),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_contest_enrolments_contest_id_contests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rep_id'], ['users.id'], name=op.f('fk_contest_enrolments_rep_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['team_manager_id'], ['users.id'], name=op.f('fk_contest_enrolments_team_manager_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contest_enrolments')),
    sa.UniqueConstraint('contest_id', 'rep_id', 'team_manager_id', 'role', name='uq_contest_enrolments_once', postgresql_nulls_not_distinct=True)
    )
    op.create_index(op.f('ix_contest_enrolments_contest_id'), 'contest_enrolments', ['contest_id'], unique=False)
    op.create_table('contest_prizes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('rank_from', sa.Integer(), nullable=False),
    sa.Column('rank_to', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.CheckConstraint("currency ~ '^[A-Z]{3}$'", name=op.f('ck_contest_prizes_currency_iso')),
    sa.CheckConstraint("kind IN ('CASH', 'NON_CASH')", name=op.f('ck_contest_prizes_kind_known')),
    sa.CheckConstraint('rank_from >= 1 AND rank_to >= rank_from', name=op.f('ck_contest_prizes_ranks_ordered')),
    sa.CheckConstraint('value > 0', name=op.f('ck_contest_prizes_value_positive')),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_contest_prizes_contest_id_contests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contest_prizes'))
    )
    op.create_index(op.f('ix_contest_prizes_contest_id'), 'contest_prizes', ['contest_id'], unique=False)
    op.create_table('contest_results',
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('standings', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_contest_results_contest_id_contests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contest_id', name=op.f('pk_contest_results'))
    )
    op.create_table('onboarding_programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('badge_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['badge_id'], ['badges.id'], name=op.f('fk_onboarding_programmes_badge_id_badges'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_onboarding_programmes_created_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_onboarding_programmes')),
    sa.UniqueConstraint('name', name=op.f('uq_onboarding_programmes_name'))
    )
    op.create_table('onboarding_enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['onboarding_programmes.id'], name=op.f('fk_onboarding_enrolments_programme_id_onboarding_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rep_id'], ['users.id'], name=op.f('fk_onboarding_enrolments_rep_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_onboarding_enrolments')),
    sa.UniqueConstraint('programme_id', 'rep_id', name=op.f('uq_onboarding_enrolments_programme_id_rep_id'))
    )
    op.create_index(op.f('ix_onboarding_enrolments_programme_id'), 'onboarding_enrolments', ['programme_id'], unique=False)
    op.create_index(op.f('ix_onboarding_enrolments_rep_id'), 'onboarding_enrolments', ['rep_id'], unique=False)
    op.create_table('onboarding_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('activity_kind', sa.String(length=50), nullable=True),
    sa.ForeignKeyConstraint(['programme_id'], ['onboarding_programmes.id'], name=op.f('fk_onboarding_items_programme_id_onboarding_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_onboarding_items')),
    sa.UniqueConstraint('programme_id', 'position', name=op.f('uq_onboarding_items_programme_id_position'))
    )
    op.create_index(op.f('ix_onboarding_items_programme_id'), 'onboarding_items', ['programme_id'], unique=False)
    op.create_table('onboarding_completions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('activity_kind', sa.String(length=50), nullable=True),
    sa.Column('activity_id', sa.BigInteger(), nullable=True),
    sa.Column('signed_off_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('num_nonnulls(activity_kind, signed_off_by_id) = 1', name=op.f('ck_onboarding_completions_done_one_way')),
    sa.ForeignKeyConstraint(['enrolment_id'], ['onboarding_enrolments.id'], name=op.f('fk_onboarding_completions_enrolment_id_onboarding_enrolments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['onboarding_items.id'], name=op.f('fk_onboarding_completions_item_id_onboarding_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['signed_off_by_id'], ['users.id'], name=op.f('fk_onboarding_completions_signed_off_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_onboarding_completions')),
    sa.UniqueConstraint('enrolment_id', 'item_id', name=op.f('uq_onboarding_completions_enrolment_id_item_id'))
    )
    op.create_index(op.f('ix_onboarding_completions_enrolment_id'), 'onboarding_completions', ['enrolment_id'], unique=False)
    append_only("badge_awards", "contest_results")


def downgrade() -> None:
    drop_append_only("badge_awards", "contest_results")
    op.drop_index(op.f('ix_onboarding_completions_enrolment_id'), table_name='onboarding_completions')
    op.drop_table('onboarding_completions')
    op.drop_index(op.f('ix_onboarding_items_programme_id'), table_name='onboarding_items')
    op.drop_table('onboarding_items')
    op.drop_index(op.f('ix_onboarding_enrolments_rep_id'), table_name='onboarding_enrolments')
    op.drop_index(op.f('ix_onboarding_enrolments_programme_id'), table_name='onboarding_enrolments')
    op.drop_table('onboarding_enrolments')
    op.drop_table('onboarding_programmes')
    op.drop_table('contest_results')
    op.drop_index(op.f('ix_contest_prizes_contest_id'), table_name='contest_prizes')
    op.drop_table('contest_prizes')
    op.drop_index(op.f('ix_contest_enrolments_contest_id'), table_name='contest_enrolments')
    op.drop_table('contest_enrolments')
    op.drop_index(op.f('ix_badge_levels_badge_id'), table_name='badge_levels')
    op.drop_table('badge_levels')
    op.drop_index(op.f('ix_badge_awards_rep_id'), table_name='badge_awards')
    op.drop_index(op.f('ix_badge_awards_badge_id'), table_name='badge_awards')
    op.drop_table('badge_awards')
    op.drop_table('contests')
    op.drop_table('badges')
