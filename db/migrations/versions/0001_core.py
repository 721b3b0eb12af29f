"""core users accounts auth audit idempotency

Revision ID: 0001_core
Revises: 
Create Date: 2026-11-23 13:27:44.540631
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations import conventions

revision = '0001_core'
down_revision = None


# Ledger-like tables are append-only in the database itself, not only by convention.
APPEND_ONLY_FUNCTION = """
CREATE FUNCTION refuse_change_to_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;
"""

# A manager chain must never loop back on itself (the team visibility walk relies on it).
MANAGER_CYCLE_FUNCTION = """
CREATE FUNCTION refuse_manager_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.manager_id IS NOT NULL AND EXISTS (
        WITH RECURSIVE chain(id) AS (
            SELECT NEW.manager_id
            UNION
            SELECT u.manager_id FROM users u JOIN chain c ON u.id = c.id
            WHERE u.manager_id IS NOT NULL
        )
        SELECT 1 FROM chain WHERE id = NEW.id
    ) THEN
        RAISE EXCEPTION 'manager hierarchy cycle through user %', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_users_no_manager_cycle';
    END IF;
    RETURN NEW;
END;
$$;
"""


def upgrade() -> None:
    op.create_table('users',
    *conventions.keyed('users'),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('roles', sa.ARRAY(sa.Enum('REP', 'MANAGER', 'OPS', 'FINANCE', 'ADMIN', name='role')), nullable=False),
    conventions.references('users', 'manager_id', 'users', 'RESTRICT', nullable=True),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    *conventions.timestamped(),
    conventions.versioned(),
    sa.CheckConstraint("position('@' in email) > 1", name=op.f('ck_users_email_shape')),
    sa.CheckConstraint('cardinality(roles) > 0', name=op.f('ck_users_has_role')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_users_name_not_blank')),
    sa.CheckConstraint('manager_id IS NULL OR manager_id <> id', name=op.f('ck_users_not_own_manager')),
    )
    op.create_index(op.f('ix_users_manager_id'), 'users', ['manager_id'], unique=False)
    op.create_index('uq_users_email_lower', 'users', [sa.literal_column('lower(email)')], unique=True)
    op.create_table('accounts',
    *conventions.keyed('accounts'),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('segment', sa.String(length=50), nullable=False),
    sa.Column('industry', sa.String(length=100), nullable=True),
    sa.Column('region', sa.String(length=50), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    conventions.references('accounts', 'owner_id', 'users', 'RESTRICT'),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    *conventions.timestamped(),
    conventions.versioned(),
    conventions.currency_iso('accounts'),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_accounts_name_not_blank')),
    )
    op.create_index(op.f('ix_accounts_owner_id'), 'accounts', ['owner_id'], unique=False)
    op.create_table('audit_events',
    sa.Column('id', sa.BigInteger(), nullable=False),
    conventions.references('audit_events', 'actor_id', 'users', 'RESTRICT', nullable=True),
    sa.Column('action', sa.String(length=100), nullable=False),
    sa.Column('entity_type', sa.String(length=100), nullable=False),
    sa.Column('entity_id', sa.String(length=100), nullable=False),
    sa.Column('before', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('after', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    conventions.stamped('at'),
    conventions.primary_key('audit_events')
    )
    op.create_index('ix_audit_events_entity', 'audit_events', ['entity_type', 'entity_id'], unique=False)
    op.create_table('idempotency_keys',
    conventions.references('idempotency_keys', 'user_id', 'users', 'CASCADE'),
    sa.Column('operation', sa.String(length=100), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('result', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    conventions.stamped('created_at'),
    conventions.primary_key('idempotency_keys', 'user_id', 'operation', 'key')
    )
    op.create_table('refresh_tokens',
    *conventions.keyed('refresh_tokens'),
    conventions.references('refresh_tokens', 'user_id', 'users', 'CASCADE'),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('family_id', sa.Uuid(), nullable=False),
    conventions.stamped('issued_at'),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.UniqueConstraint('token_hash', name=op.f('uq_refresh_tokens_token_hash'))
    )
    op.create_index(op.f('ix_refresh_tokens_family_id'), 'refresh_tokens', ['family_id'], unique=False)
    op.create_index(op.f('ix_refresh_tokens_user_id'), 'refresh_tokens', ['user_id'], unique=False)
    op.execute(APPEND_ONLY_FUNCTION)
    conventions.append_only('audit_events')
    op.execute(MANAGER_CYCLE_FUNCTION)
    op.execute(
        "CREATE TRIGGER users_no_manager_cycle BEFORE INSERT OR UPDATE OF manager_id ON users "
        "FOR EACH ROW EXECUTE FUNCTION refuse_manager_cycle()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER users_no_manager_cycle ON users")
    op.execute("DROP FUNCTION refuse_manager_cycle()")
    conventions.drop_append_only('audit_events')
    op.execute("DROP FUNCTION refuse_change_to_append_only()")
    conventions.drop_table('refresh_tokens', op.f('ix_refresh_tokens_user_id'), op.f('ix_refresh_tokens_family_id'))
    conventions.drop_table('idempotency_keys')
    conventions.drop_table('audit_events', 'ix_audit_events_entity')
    conventions.drop_table('accounts', op.f('ix_accounts_owner_id'))
    conventions.drop_table('users', 'uq_users_email_lower', op.f('ix_users_manager_id'))
