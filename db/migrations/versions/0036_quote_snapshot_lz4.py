"""quote snapshots compressed with lz4: a one-line edit of a 1,000-line quote rewrites its
megabyte of priced JSON, and PostgreSQL's default pglz compression was most of that write

Revision ID: 0036_quote_snapshot_lz4
Revises: 0035_contest_rounds

Only values written from now on are compressed with lz4 (every edit rewrites its
revision's snapshot); older ones stay readable as they are. A server built without lz4
keeps pglz: the change is skipped with a notice, never a failed migration.
"""

from alembic import op

revision = "0036_quote_snapshot_lz4"
down_revision = "0035_contest_rounds"


def _compression(method: str) -> None:
    op.execute(
        f"""
        DO $$
        BEGIN
            ALTER TABLE quote_revisions ALTER COLUMN priced SET COMPRESSION {method};
        EXCEPTION WHEN feature_not_supported THEN
            RAISE NOTICE 'quote_revisions.priced keeps its compression: %', SQLERRM;
        END
        $$;
        """
    )


def upgrade() -> None:
    _compression("lz4")


def downgrade() -> None:
    _compression("default")
