"""persisted queries: documents known by their sha256 (automatic persisted queries)

Revision ID: 0025_persisted_queries
Revises: 0024_content_versions
"""

import sqlalchemy as sa
from alembic import op

from db.migrations.conventions import stamped

revision = "0025_persisted_queries"
down_revision = "0024_content_versions"


def upgrade() -> None:
    op.create_table(
        "persisted_queries",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        stamped("created_at"),
        sa.CheckConstraint(
            "sha256 ~ '^[0-9a-f]{64}$'", name=op.f("ck_persisted_queries_sha256_hex")
        ),
        sa.CheckConstraint(
            "octet_length(document) <= 1048576",
            name=op.f("ck_persisted_queries_document_bounded"),
        ),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_persisted_queries")),
    )


def downgrade() -> None:
    op.drop_table("persisted_queries")
