"""metric_month_rollups: the day rollups summed per calendar month of local days, kept by
statement triggers on metric_rollups

Revision ID: 0038_metric_month_rollups
Revises: 0037_draws_payments_gaps

A KPI card over a quarter summed some ninety day rows a metric (scattered over the heap as
days arrive); with month rows kept beside them it sums three, and the days of a period's
partial months. The triggers are per statement with transition tables: one grouped upsert
per statement that writes day rollups (the bulk ingest's, the Python fold's, a rebuild's
delete and insert), so no writer can forget them. Existing rows are summed once here.
"""

from alembic import op

revision = "0038_metric_month_rollups"
down_revision = "0037_draws_payments_gaps"

UPSERT = """
        INSERT INTO metric_month_rollups AS m (metric, version, rep_id, month, count, total)
        SELECT metric, version, rep_id, date_trunc('month', day)::date, sum(count), sum(total)
        FROM ({rows}) AS changed
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (metric, version, rep_id, month) DO UPDATE
        SET count = m.count + excluded.count, total = m.total + excluded.total;
"""
NEW = "SELECT metric, version, rep_id, day, count, total FROM new_rows"
OLD = "SELECT metric, version, rep_id, day, -count AS count, -total AS total FROM old_rows"


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE metric_month_rollups (
            metric VARCHAR(64) NOT NULL,
            version INTEGER NOT NULL,
            rep_id INTEGER NOT NULL,
            month DATE NOT NULL,
            count BIGINT DEFAULT '0' NOT NULL,
            total NUMERIC DEFAULT '0' NOT NULL,
            CONSTRAINT pk_metric_month_rollups PRIMARY KEY (metric, version, rep_id, month)
        )
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION metric_month_rollups_keep() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                {UPSERT.format(rows=NEW)}
            ELSIF TG_OP = 'UPDATE' THEN
                {UPSERT.format(rows=f"{NEW} UNION ALL {OLD}")}
            ELSE
                {UPSERT.format(rows=OLD)}
            END IF;
            RETURN NULL;
        END
        $$
        """
    )
    for event, tables in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        op.execute(
            f"CREATE TRIGGER metric_month_rollups_{event.lower()} AFTER {event} "
            f"ON metric_rollups REFERENCING {tables} "
            "FOR EACH STATEMENT EXECUTE FUNCTION metric_month_rollups_keep()"
        )
    op.execute(UPSERT.format(rows="SELECT metric, version, rep_id, day, count, total FROM metric_rollups"))


def downgrade() -> None:
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER metric_month_rollups_{event} ON metric_rollups")
    op.execute("DROP FUNCTION metric_month_rollups_keep()")
    op.execute("DROP TABLE metric_month_rollups")
