"""statement lines: details stored as json

Revision ID: 0041_statement_line_details_json
Revises: 0040_draw_conversions

A period close COPYs one statement line per credit, 100,000 in the bench, each with about
1,200 characters of details. Storing those as ``jsonb`` made PostgreSQL parse every one
into its binary form (about 0.6 s of the server's CPU per close), which the close's
computation waits for. ``details`` becomes ``json``: the same value, kept as the text the
close wrote (only checked to be JSON on the way in). Every reader decodes it as before (the
ORM column is JSON); ``details::jsonb`` gives the ``jsonb`` form in SQL.

The lines keep their four foreign keys (statement, credit, quote, adjustment), although
they cost about 1.5 s of the server's CPU per 100,000 lines: integrity rules live in the
database (CONVENTIONS), and the close's Python side, not PostgreSQL, is what bounds its time.

Down: ``details`` back to ``jsonb``.
"""

from alembic import op

revision = "0041_statement_line_details_json"
down_revision = "0040_draw_conversions"

def upgrade() -> None:
    op.execute(
        "ALTER TABLE commission_statement_lines ALTER COLUMN details TYPE json USING details::json"
    )


def downgrade() -> None:
    op.execute(
        "ALTER TABLE commission_statement_lines ALTER COLUMN details TYPE jsonb USING details::jsonb"
    )
