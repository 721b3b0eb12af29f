"""A bigger org from the demo's, in SQL: more reps like one demo rep (their activities, KPI
rollups, targets, plan, credits and contest entries) and more quotes like one rep's (with
their revisions and lines). The home-screen statement test grows the org ten times with
it; ``bench/home_screens.py`` grows it to 200 reps and 20,000 quotes.

Each function returns one ``DO`` block (row triggers off, as the test reset does: the rows
are copies of rows the app wrote)."""

from __future__ import annotations

REP_TABLES = (
    "activities",
    "metric_rollups",
    "metric_currency_rollups",
    "metric_distinct_keys",
    "kpi_targets",
    "commission_assignments",
    "commission_period_states",
    "contest_enrolments",
    "contest_totals",
    "contest_spans",
)
"""The tables holding a rep's own rows that the home screens read, copied for a new rep."""

_COLUMNS = """
    SELECT string_agg(format('%%I', attname), ', ' ORDER BY attnum),
           string_agg('x.' || format('%%I', attname), ', ' ORDER BY attnum)
    INTO cols, picks FROM pg_attribute
    WHERE attrelid = to_regclass(%s) AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
      AND attname <> ALL (%s);
"""


def _columns(table: str, skip: str) -> str:
    """PL/pgSQL that puts ``table``'s column list (but ``skip``, a text[] literal) in ``cols``
    and the same prefixed ``x.`` in ``picks``."""
    return _COLUMNS % (table, skip)


def clone_reps_sql(source_email: str, manager_email: str, count: int, prefix: str) -> str:
    """``count`` new reps under ``manager_email``, each a copy of ``source_email``'s rows
    (emails ``<prefix><n>@dealdesk.example``, same password)."""
    tables = ", ".join(f"'{t}'" for t in REP_TABLES)
    return f"""
DO $$
DECLARE
  src int := (SELECT id FROM users WHERE email = '{source_email}');
  boss int := (SELECT id FROM users WHERE email = '{manager_email}');
  t text; cols text; picks text;
BEGIN
  SET LOCAL session_replication_role = replica;
  CREATE TEMP TABLE scale_reps ON COMMIT DROP AS
    SELECT nextval(pg_get_serial_sequence('users', 'id')) AS id, g
    FROM generate_series(1, {count}) g;
  {_columns("'users'", "'{id,email,name,manager_id}'")}
  EXECUTE format(
    'INSERT INTO users (id, email, name, manager_id, %s) OVERRIDING SYSTEM VALUE '
    'SELECT r.id, %L || r.g || %L, x.name || '' '' || r.g, %L::int, %s '
    'FROM users x CROSS JOIN scale_reps r WHERE x.id = %s',
    cols, '{prefix}', '@dealdesk.example', boss, picks, src);
  FOREACH t IN ARRAY ARRAY[{tables}] LOOP
    {_columns("t", "'{id,rep_id}'")}
    EXECUTE format(
      'INSERT INTO %I (rep_id, %s) SELECT r.id, %s FROM %I x CROSS JOIN scale_reps r '
      'WHERE x.rep_id = %s', t, cols, picks, t, src);
  END LOOP;
  {_columns("'commission_credits'", "'{id,rep_id,credit_key}'")}
  EXECUTE format(
    'INSERT INTO commission_credits (rep_id, credit_key, %s) '
    'SELECT r.id, x.credit_key || ''/scale'' || r.id, %s '
    'FROM commission_credits x CROSS JOIN scale_reps r WHERE x.rep_id = %s', cols, picks, src);
END $$;
"""


def clone_quotes_sql(source_email: str, owners_where: str, copies: int, jitter: bool) -> str:
    """``copies`` copies of each of ``source_email``'s quotes (revisions and lines too) for
    every user matching ``owners_where`` (SQL over ``users``). With ``jitter`` each copy's
    validity end moves by -20..+60 days and its creation back by 0..40 days, so the copies
    spread over the urgency buckets."""
    valid = "x.valid_until + (random() * 80 - 20)::int" if jitter else "x.valid_until"
    created = "x.created_at - random() * interval ''40 days''" if jitter else "x.created_at"
    return f"""
DO $$
DECLARE
  src int := (SELECT id FROM users WHERE email = '{source_email}');
  cols text; picks text;
BEGIN
  SET LOCAL session_replication_role = replica;
  CREATE TEMP TABLE scale_quotes ON COMMIT DROP AS
    SELECT q.id AS src, nextval(pg_get_serial_sequence('quotes', 'id')) AS dst, u.id AS owner
    FROM quotes q CROSS JOIN (SELECT id FROM users WHERE {owners_where}) u
    CROSS JOIN generate_series(1, {copies}) g
    WHERE q.owner_id = src;
  {_columns("'quotes'", "'{id,number,owner_id,valid_until,created_at}'")}
  EXECUTE format(
    'INSERT INTO quotes (id, owner_id, valid_until, created_at, %s) OVERRIDING SYSTEM VALUE '
    'SELECT m.dst, m.owner, {valid}, {created}, %s '
    'FROM quotes x JOIN scale_quotes m ON m.src = x.id', cols, picks);
  CREATE TEMP TABLE scale_revisions ON COMMIT DROP AS
    SELECT r.id AS src, nextval(pg_get_serial_sequence('quote_revisions', 'id')) AS dst,
           m.dst AS quote
    FROM quote_revisions r JOIN scale_quotes m ON r.quote_id = m.src;
  {_columns("'quote_revisions'", "'{id,quote_id}'")}
  EXECUTE format(
    'INSERT INTO quote_revisions (id, quote_id, %s) OVERRIDING SYSTEM VALUE '
    'SELECT m.dst, m.quote, %s FROM quote_revisions x JOIN scale_revisions m ON m.src = x.id',
    cols, picks);
  {_columns("'quote_lines'", "'{id,revision_id}'")}
  EXECUTE format(
    'INSERT INTO quote_lines (revision_id, %s) '
    'SELECT m.dst, %s FROM quote_lines x JOIN scale_revisions m ON m.src = x.revision_id',
    cols, picks);
END $$;
"""
