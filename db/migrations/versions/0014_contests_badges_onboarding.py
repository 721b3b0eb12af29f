"""contests (prizes, enrolments, final standings), badges (levels, awards) and onboarding

Revision ID: 0014_contests_badges_onboarding
Revises: 0013_slippage_forecast

Badge awards and closed contest results are append-only: an award is earned once
and a final board never changes.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations import conventions
from db.migrations.conventions import append_only, drop_append_only

revision = '0014_contests_badges_onboarding'
down_revision = "0013_slippage_forecast"


def upgrade() -> None:
    op.create_table('badges',
    *conventions.keyed('badges'),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('metric_key', sa.String(length=100), nullable=True),
    sa.Column('grain', sa.String(length=10), nullable=True),
    conventions.references('badges', 'created_by_id', 'users', 'RESTRICT'),
    conventions.stamped('updated_at'),
    conventions.stamped('created_at'),
    sa.UniqueConstraint('key', name=op.f('uq_badges_key'))
    )
    op.create_table('contests',
    *conventions.keyed('contests'),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('metric_key', sa.String(length=100), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('direction', sa.String(length=20), nullable=False),
    sa.Column('scoring', sa.String(length=20), nullable=False),
    sa.Column('team_score', sa.String(length=10), nullable=True),
    sa.Column('target', sa.Numeric(), nullable=True),
    conventions.references('contests', 'manager_id', 'users', 'RESTRICT', nullable=True),
    conventions.references('contests', 'created_by_id', 'users', 'RESTRICT'),
    sa.Column('rules_frozen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    conventions.stamped('updated_at'),
    conventions.stamped('created_at'),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("direction IN ('HIGHER', 'LOWER')", name=op.f('ck_contests_direction_known')),
    sa.CheckConstraint("kind IN ('RACE', 'TARGET', 'HEAD_TO_HEAD', 'TOURNAMENT')", name=op.f('ck_contests_kind_known')),
    sa.CheckConstraint("scoring IN ('RAW', 'ATTAINMENT')", name=op.f('ck_contests_scoring_known')),
    sa.CheckConstraint("team_score IS NULL OR team_score IN ('SUM', 'AVERAGE')", name=op.f('ck_contests_team')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_contests_window_ordered')),
    )
    op.create_table('badge_awards',
    *conventions.keyed('badge_awards'),
    conventions.references('badge_awards', 'badge_id', 'badges', 'CASCADE'),
    conventions.references('badge_awards', 'rep_id', 'users', 'RESTRICT'),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('awarded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('facts', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    conventions.stamped('created_at'),
    sa.UniqueConstraint('badge_id', 'rep_id', 'level', name=op.f('uq_badge_awards_badge_id_rep_id_level'))
    )
    op.create_index(op.f('ix_badge_awards_badge_id'), 'badge_awards', ['badge_id'], unique=False)
    op.create_index(op.f('ix_badge_awards_rep_id'), 'badge_awards', ['rep_id'], unique=False)
    op.create_table('badge_levels',
    *conventions.keyed('badge_levels'),
    conventions.references('badge_levels', 'badge_id', 'badges', 'CASCADE'),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('threshold', sa.Numeric(), nullable=False),
    sa.CheckConstraint('level >= 1', name=op.f('ck_badge_levels_level_positive')),
    sa.CheckConstraint('threshold > 0', name=op.f('ck_badge_levels_threshold_positive')),
    sa.UniqueConstraint('badge_id', 'level', name=op.f('uq_badge_levels_badge_id_level'))
    )
    op.create_index(op.f('ix_badge_levels_badge_id'), 'badge_levels', ['badge_id'], unique=False)
    op.create_table('contest_enrolments',
    *conventions.keyed('contest_enrolments'),
    conventions.references('contest_enrolments', 'contest_id', 'contests', 'CASCADE'),
    conventions.references('contest_enrolments', 'rep_id', 'users', 'RESTRICT', nullable=True),
    conventions.references('contest_enrolments', 'team_manager_id', 'users', 'RESTRICT', nullable=True),
    sa.Column('role', sa.String(length=20), nullable=True),
    conventions.stamped('created_at'),
    sa.CheckConstraint('num_nonnulls(rep_id, team_manager_id, role) = 1', name=op.f('ck_contest_enrolments_one_participant')),
    sa.UniqueConstraint('contest_id', 'rep_id', 'team_manager_id', 'role', name='uq_contest_enrolments_once', postgresql_nulls_not_distinct=True)
    )
    op.create_index(op.f('ix_contest_enrolments_contest_id'), 'contest_enrolments', ['contest_id'], unique=False)
    op.create_table('contest_prizes',
    *conventions.keyed('contest_prizes'),
    conventions.references('contest_prizes', 'contest_id', 'contests', 'CASCADE'),
    sa.Column('rank_from', sa.Integer(), nullable=False),
    sa.Column('rank_to', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    conventions.currency_iso('contest_prizes'),
    sa.CheckConstraint("kind IN ('CASH', 'NON_CASH')", name=op.f('ck_contest_prizes_kind_known')),
    sa.CheckConstraint('rank_from >= 1 AND rank_to >= rank_from', name=op.f('ck_contest_prizes_ranks_ordered')),
    sa.CheckConstraint('value > 0', name=op.f('ck_contest_prizes_value_positive')),
    )
    op.create_index(op.f('ix_contest_prizes_contest_id'), 'contest_prizes', ['contest_id'], unique=False)
    op.create_table('contest_results',
    conventions.references('contest_results', 'contest_id', 'contests', 'CASCADE'),
    sa.Column('standings', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    conventions.stamped('created_at'),
    sa.PrimaryKeyConstraint('contest_id', name=op.f('pk_contest_results'))
    )
    op.create_table('onboarding_programmes',
    *conventions.keyed('onboarding_programmes'),
    sa.Column('name', sa.String(length=200), nullable=False),
    conventions.references('onboarding_programmes', 'badge_id', 'badges', 'RESTRICT', nullable=True),
    conventions.references('onboarding_programmes', 'created_by_id', 'users', 'RESTRICT'),
    conventions.stamped('updated_at'),
    conventions.stamped('created_at'),
    sa.UniqueConstraint('name', name=op.f('uq_onboarding_programmes_name'))
    )
    op.create_table('onboarding_enrolments',
    *conventions.keyed('onboarding_enrolments'),
    conventions.references('onboarding_enrolments', 'programme_id', 'onboarding_programmes', 'CASCADE'),
    conventions.references('onboarding_enrolments', 'rep_id', 'users', 'RESTRICT'),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    conventions.stamped('created_at'),
    sa.UniqueConstraint('programme_id', 'rep_id', name=op.f('uq_onboarding_enrolments_programme_id_rep_id'))
    )
    op.create_index(op.f('ix_onboarding_enrolments_programme_id'), 'onboarding_enrolments', ['programme_id'], unique=False)
    op.create_index(op.f('ix_onboarding_enrolments_rep_id'), 'onboarding_enrolments', ['rep_id'], unique=False)
    op.create_table('onboarding_items',
    *conventions.keyed('onboarding_items'),
    conventions.references('onboarding_items', 'programme_id', 'onboarding_programmes', 'CASCADE'),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('activity_kind', sa.String(length=50), nullable=True),
    sa.UniqueConstraint('programme_id', 'position', name=op.f('uq_onboarding_items_programme_id_position'))
    )
    op.create_index(op.f('ix_onboarding_items_programme_id'), 'onboarding_items', ['programme_id'], unique=False)
    op.create_table('onboarding_completions',
    *conventions.keyed('onboarding_completions'),
    conventions.references('onboarding_completions', 'enrolment_id', 'onboarding_enrolments', 'CASCADE'),
    conventions.references('onboarding_completions', 'item_id', 'onboarding_items', 'CASCADE'),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('activity_kind', sa.String(length=50), nullable=True),
    sa.Column('activity_id', sa.BigInteger(), nullable=True),
    conventions.references('onboarding_completions', 'signed_off_by_id', 'users', 'RESTRICT', nullable=True),
    sa.CheckConstraint('num_nonnulls(activity_kind, signed_off_by_id) = 1', name=op.f('ck_onboarding_completions_done_one_way')),
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
