"""quote snapshots stored per line: each priced line of a revision in its own row, so a
one-line edit of a 1,000-line quote writes one row instead of 1.7 MB of JSON

Revision ID: 0042_quote_priced_lines
Revises: 0041_statement_line_details_json

``quote_revisions.priced`` (the engine's tagged ``PricedQuote``) keeps everything but its
``lines``; each of those (``{"$tuple": [...]}``) becomes a ``quote_priced_lines`` row at its
index. A snapshot whose lines are not a tagged tuple (none is written so) stays as it is.
Down, every revision's lines go back into its snapshot, in order, and the table goes.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0042_quote_priced_lines"
down_revision = "0041_statement_line_details_json"

SPLIT = """
INSERT INTO quote_priced_lines (revision_id, position, line_id, parent_line_id, data)
SELECT r.id, l.n - 1, l.line ->> 'line_id', l.line ->> 'parent_line_id', l.line
FROM quote_revisions AS r
CROSS JOIN LATERAL jsonb_array_elements(r.priced -> 'lines' -> '$tuple')
     WITH ORDINALITY AS l(line, n)
WHERE jsonb_typeof(r.priced -> 'lines' -> '$tuple') = 'array'
"""

HEADERS = """
UPDATE quote_revisions SET priced = priced - 'lines'
WHERE jsonb_typeof(priced -> 'lines' -> '$tuple') = 'array'
"""

JOIN = """
UPDATE quote_revisions AS r
SET priced = r.priced || jsonb_build_object('lines', jsonb_build_object('$tuple',
    coalesce((SELECT jsonb_agg(p.data ORDER BY p.position)
              FROM quote_priced_lines AS p WHERE p.revision_id = r.id), '[]'::jsonb)))
WHERE NOT r.priced ? 'lines' AND r.priced <> '{}'::jsonb
"""


def upgrade() -> None:
    op.create_table(
        "quote_priced_lines",
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Text(), nullable=False),
        sa.Column("parent_line_id", sa.Text(), nullable=True),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["quote_revisions.id"],
            name=op.f("fk_quote_priced_lines_revision_id_quote_revisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("revision_id", "position", name=op.f("pk_quote_priced_lines")),
    )
    op.execute(SPLIT)
    op.execute(HEADERS)


def downgrade() -> None:
    op.execute(JOIN)
    op.drop_table("quote_priced_lines")
