"""contest totals: each participant's running sums over the contest window, kept as facts arrive

Revision ID: 0016_contest_totals
Revises: 0015_content

``contest_spans`` holds, per contest, participant and metric read, the local days
``[first, stop)`` the window covers in the rep's zone; ``contest_totals`` the rollup sums
over those days per metric version. The activity log's rollup upsert adds to them in the
same statement, so a leaderboard reads one row per participant instead of a day per rep.
"""

import sqlalchemy as sa
from alembic import op

from db.migrations.conventions import primary_key, references

revision = "0016_contest_totals"
down_revision = "0015_content"

KEY = sa.String(length=64)


def _participant_metric(table: str) -> list[sa.Column]:
    """The contest, the rep and the metric a row of ``table`` is about."""
    return [
        references(table, "contest_id", "contests", "CASCADE"),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("metric", KEY, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "contest_spans",
        *_participant_metric("contest_spans"),
        sa.Column("first", sa.Date(), nullable=False),
        sa.Column("stop", sa.Date(), nullable=False),
        primary_key("contest_spans", "contest_id", "rep_id", "metric"),
    )
    op.create_index("ix_contest_spans_rep_id_metric", "contest_spans", ["rep_id", "metric"])
    op.create_table(
        "contest_totals",
        *_participant_metric("contest_totals"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("count", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("total", sa.Numeric(), server_default="0", nullable=False),
        primary_key("contest_totals", "contest_id", "rep_id", "metric", "version"),
    )


def downgrade() -> None:
    op.drop_table("contest_totals")
    op.drop_index("ix_contest_spans_rep_id_metric", table_name="contest_spans")
    op.drop_table("contest_spans")
