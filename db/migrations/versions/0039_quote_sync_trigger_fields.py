"""quote sync trigger reads the quote id, not the whole row: a revision's change no longer
turns its priced snapshot into JSON

Revision ID: 0039_quote_sync_trigger_fields
Revises: 0038_metric_month_rollups

``sync_quote_part_changed`` (revision 0026, on ``quote_revisions`` and ``quote_events``)
found the quote id with ``to_jsonb(row) ->> 'quote_id'``: every update of a revision
converted the whole row, a 1,000-line quote's snapshot of 1.7 MB of JSON included, to
``jsonb`` again, about 90 ms of the server's time per one-line edit. It now reads
``NEW.quote_id`` (``OLD`` on delete) directly, for the column both triggers name; any other
column name keeps the generic path. What it records is unchanged.
"""

from alembic import op

revision = "0039_quote_sync_trigger_fields"
down_revision = "0038_metric_month_rollups"

UPGRADE = """
CREATE OR REPLACE FUNCTION sync_quote_part_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF TG_ARGV[0] = 'quote_id' THEN
        IF TG_OP = 'DELETE' THEN
            PERFORM sync_quote(OLD.quote_id);
        ELSE
            PERFORM sync_quote(NEW.quote_id);
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    PERFORM sync_quote((to_jsonb(r) ->> TG_ARGV[0])::integer);
    RETURN NULL;
END
$$
"""

DOWNGRADE = """
CREATE OR REPLACE FUNCTION sync_quote_part_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    PERFORM sync_quote((to_jsonb(r) ->> TG_ARGV[0])::integer);
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
