"""statement lines: their four references checked once per statement, not once per row

Revision ID: 0043_statement_line_checks
Revises: 0042_quote_priced_lines

A period close COPYs 100,000 statement lines. Each of their four foreign keys (statement,
credit, quote, adjustment) ran a query per line, and the credit key locked each of the
100,000 credits (``FOR KEY SHARE``): more than half of the server's CPU for the COPY. The
keys become triggers with the same guarantees, checking each statement's new lines at once:

- insert (and update) side: after each statement, its new lines (a transition table) are
  read once for their keys, and a key whose statement, credit, quote or adjustment does not
  exist is refused with the error the foreign key raised (``foreign_key_violation``, the
  former constraint's name in it, the missing key in its detail). Statements, credits and
  adjustments are append-only (a trigger refuses every update and delete of them, whatever
  the isolation level), so a row found stays found. Quotes can be deleted: the new lines'
  quotes are locked ``FOR KEY SHARE`` first, as the foreign key did, so that a delete waits
  for the inserting transaction and then finds its lines.
- delete side (``ON DELETE RESTRICT``): deleting or truncating a statement, credit, quote or
  adjustment a line refers to, or changing its id, is refused, with the foreign key's error.
  The lookup has no index, as the foreign keys had none: nothing in the app deletes them.
  (``TRUNCATE quotes CASCADE`` emptied the lines with the foreign key; it is refused now
  while a line refers to a quote, unless the lines are truncated in the same statement.)

Measured on the 200-rep bench (2 cores, load average 13-19, old and new schema alternately):
``bench_close_copy.py`` 4.1-4.35 s of the server's CPU for the COPY before, 2.0-2.2 s after;
``bench_close.py`` 5.1-6.1 s of the close's backend CPU before, 2.1-2.2 s after, same digest.
What remains is mostly the details' size: 1,067 characters a line, which PostgreSQL does
not compress (it compresses only rows over about 2 KB, whatever ``toast_tuple_target``).

One difference a trigger cannot avoid: a delete in a REPEATABLE READ or SERIALIZABLE
transaction reads the lines as of its snapshot, where a foreign key's check read the latest
ones; so a quote deleted there, after another transaction committed lines naming it since
the deleter's snapshot, is refused only through the credits. Every line a close writes names
its credit's quote, which ``fk_commission_credits_quote_id_quotes`` keeps (credits being
append-only); a line naming another quote would rely on this trigger alone. The app deletes
no quote, and its only REPEATABLE READ transaction (the close's reader) is read-only.

Down: the triggers go and the four foreign keys come back (checked against every line).
"""

from alembic import op

revision = "0043_statement_line_checks"
down_revision = "0042_quote_priced_lines"

LINES = "commission_statement_lines"

REFERENCES = (
    # (the lines' column, the table it refers to, the former foreign key's name)
    ("statement_id", "commission_statements", "fk_commission_statement_lines_statement_id_commission_s_4665"),
    ("credit_id", "commission_credits", "fk_commission_statement_lines_credit_id_commission_credits"),
    ("quote_id", "quotes", "fk_commission_statement_lines_quote_id_quotes"),
    ("adjustment_id", "commission_adjustments", "fk_commission_statement_lines_adjustment_id_commission__d17d"),
)

# One pass over the statement's new lines (``new_lines``, kept whole by PostgreSQL: read
# once) gathers their keys, one array per column (``<column>s``); each key is then looked up
# once (a COPY of a close's 4,000 lines names about ten statements and thirty quotes).
_GATHER = ",\n           ".join(
    f"array_agg(DISTINCT n.{column}) FILTER (WHERE n.{column} IS NOT NULL)"
    for column, _, _ in REFERENCES
)
_MISSING = "\n        UNION ALL\n        ".join(
    f"""SELECT '{column}' AS "column", k AS key, '{table}' AS "table","""
    f""" '{constraint}' AS "constraint" FROM unnest({column}s) AS k"""
    f" WHERE NOT EXISTS (SELECT FROM {table} AS t WHERE t.id = k)"
    for column, table, constraint in REFERENCES
)
CHECK_FUNCTION = f"""
CREATE FUNCTION refuse_statement_lines_without_their_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    {" ".join(f"{column}s bigint[];" for column, _, _ in REFERENCES)}
    missing record;
BEGIN
    SELECT {_GATHER}
    INTO {", ".join(f"{column}s" for column, _, _ in REFERENCES)}
    FROM new_lines AS n;
    PERFORM FROM quotes AS q WHERE q.id = ANY (quote_ids) FOR KEY SHARE OF q;
    SELECT m.* INTO missing FROM (
        {_MISSING}
    ) AS m
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'insert or update on table "commission_statement_lines" violates foreign key constraint "%"',
                missing."constraint"
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key (%s)=(%s) is not present in table "%s".',
                                  missing."column", missing.key, missing."table"),
                  TABLE = 'commission_statement_lines', COLUMN = missing."column",
                  CONSTRAINT = missing."constraint";
    END IF;
    RETURN NULL;
END;
$$
"""

# On a referred-to table: TG_ARGV = (the lines' column, the former foreign key's name). Row
# level for an update of the id (``WHEN`` the id changes), statement level for a delete
# (``old_rows``) and a truncate (every row gone: any line with the column set).
RESTRICT_FUNCTION = """
CREATE FUNCTION refuse_removal_of_statement_line_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    key bigint;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        EXECUTE format('SELECT %1$I FROM commission_statement_lines WHERE %1$I = $1 LIMIT 1',
                       TG_ARGV[0]) INTO key USING OLD.id;
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format('SELECT l.%1$I FROM commission_statement_lines AS l'
                       ' WHERE l.%1$I IN (SELECT o.id FROM old_rows AS o) LIMIT 1',
                       TG_ARGV[0]) INTO key;
    ELSE
        EXECUTE format('SELECT %1$I FROM commission_statement_lines WHERE %1$I IS NOT NULL LIMIT 1',
                       TG_ARGV[0]) INTO key;
    END IF;
    IF key IS NOT NULL THEN
        RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "commission_statement_lines"',
                TG_TABLE_NAME, TG_ARGV[1]
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key (id)=(%s) is still referenced from table "commission_statement_lines".', key),
                  TABLE = TG_TABLE_NAME, CONSTRAINT = TG_ARGV[1];
    END IF;
    RETURN NULL;
END;
$$
"""


def _parent_triggers(column: str, table: str, constraint: str) -> list[str]:
    name = f"{table}_statement_line_refs"
    arguments = f"'{column}', '{constraint}'"
    return [
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows"
        f" FOR EACH STATEMENT EXECUTE FUNCTION refuse_removal_of_statement_line_rows({arguments})",
        f"CREATE TRIGGER {name}_update AFTER UPDATE OF id ON {table} FOR EACH ROW"
        " WHEN (OLD.id IS DISTINCT FROM NEW.id)"
        f" EXECUTE FUNCTION refuse_removal_of_statement_line_rows({arguments})",
        f"CREATE TRIGGER {name}_truncate AFTER TRUNCATE ON {table}"
        f" FOR EACH STATEMENT EXECUTE FUNCTION refuse_removal_of_statement_line_rows({arguments})",
    ]


def upgrade() -> None:
    for _, _, constraint in REFERENCES:
        op.execute(f"ALTER TABLE {LINES} DROP CONSTRAINT {constraint}")
    op.execute(CHECK_FUNCTION)
    op.execute(RESTRICT_FUNCTION)
    for event in ("insert", "update"):
        op.execute(
            f"CREATE TRIGGER {LINES}_refs_{event} AFTER {event.upper()} ON {LINES}"
            " REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT"
            " EXECUTE FUNCTION refuse_statement_lines_without_their_rows()"
        )
    for column, table, constraint in REFERENCES:
        for statement in _parent_triggers(column, table, constraint):
            op.execute(statement)


def downgrade() -> None:
    for _, table, _ in REFERENCES:
        for event in ("delete", "update", "truncate"):
            op.execute(f"DROP TRIGGER {table}_statement_line_refs_{event} ON {table}")
    for event in ("insert", "update"):
        op.execute(f"DROP TRIGGER {LINES}_refs_{event} ON {LINES}")
    op.execute("DROP FUNCTION refuse_removal_of_statement_line_rows()")
    op.execute("DROP FUNCTION refuse_statement_lines_without_their_rows()")
    for column, table, constraint in REFERENCES:
        op.execute(
            f"ALTER TABLE {LINES} ADD CONSTRAINT {constraint} FOREIGN KEY ({column})"
            f" REFERENCES {table} (id) ON DELETE RESTRICT"
        )
