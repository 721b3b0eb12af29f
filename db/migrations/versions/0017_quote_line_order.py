"""quote lines by revision and position: the paged ``lineItems`` read and an edit's line load

Revision ID: 0016_quote_line_order
Revises: 0015_content

A quote's lines are read in position order, a page at a time (``WHERE revision_id = ...
AND position > ... ORDER BY position LIMIT ...``); with this index PostgreSQL walks the
page instead of sorting every line of the revision.
"""

from alembic import op

revision = "0017_quote_line_order"
down_revision = "0016_contest_totals"


def upgrade() -> None:
    op.create_index(
        "ix_quote_lines_revision_position", "quote_lines", ["revision_id", "position"]
    )


def downgrade() -> None:
    op.drop_index("ix_quote_lines_revision_position", table_name="quote_lines")
