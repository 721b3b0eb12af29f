"""statement lines: details stored as json, the close checks the lines' references itself

Revision ID: 0040_statement_line_details_json
Revises: 0039_quote_sync_trigger_fields

A period close COPYs one statement line per credit, 100,000 in the bench, each with about
1,200 characters of details. Storing those as ``jsonb`` made PostgreSQL parse every one
into its binary form (about 0.6 s of the server's CPU per close), and the four foreign keys
of a line fired four row triggers per line (about 1.5 s): together more than half of the
server's work in a close, which the close's computation waits for.

* ``details`` becomes ``json``: the same value, kept as the text the close wrote (only
  checked to be JSON on the way in). Every reader decodes it as before (the ORM column is
  JSON); ``details::jsonb`` gives the ``jsonb`` form in SQL.
* The foreign keys from ``commission_statement_lines`` to its statement, credit, quote and
  adjustment are dropped. Only a close writes lines, with the statements it just inserted
  and the credits and adjustments it read in its own transaction; it checks every batch of
  lines it wrote with one query (``commission_statements.dangling_lines``): each line on
  one of the batch's statements, its credit and adjustment existing, a credit line's quote
  its credit's. Nothing referenced can go away: statements, credits and adjustments are
  append-only (no delete), and a line's quote is its credit's, which the credit's own
  foreign key keeps.

Down: ``details`` back to ``jsonb`` and the four foreign keys back (validated).
"""

from alembic import op

revision = "0040_statement_line_details_json"
down_revision = "0039_quote_sync_trigger_fields"

FOREIGN_KEYS = (
    ("fk_commission_statement_lines_statement_id_commission_s_4665", "statement_id", "commission_statements"),
    ("fk_commission_statement_lines_credit_id_commission_credits", "credit_id", "commission_credits"),
    ("fk_commission_statement_lines_quote_id_quotes", "quote_id", "quotes"),
    ("fk_commission_statement_lines_adjustment_id_commission__d17d", "adjustment_id", "commission_adjustments"),
)


def upgrade() -> None:
    for name, _, _ in FOREIGN_KEYS:
        op.execute(f"ALTER TABLE commission_statement_lines DROP CONSTRAINT {name}")
    op.execute(
        "ALTER TABLE commission_statement_lines ALTER COLUMN details TYPE json USING details::json"
    )


def downgrade() -> None:
    op.execute(
        "ALTER TABLE commission_statement_lines ALTER COLUMN details TYPE jsonb USING details::jsonb"
    )
    for name, column, table in FOREIGN_KEYS:
        op.execute(
            f"ALTER TABLE commission_statement_lines ADD CONSTRAINT {name} FOREIGN KEY ({column})"
            f" REFERENCES {table} (id) ON DELETE RESTRICT"
        )
