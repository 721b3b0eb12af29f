"""job queue: procrastinate's tables, types and functions (procrastinate 3.10)

Revision ID: 0019_job_queue
Revises: 0018_content_tracking

The schema is procrastinate's own ``schema.sql``, copied byte for byte into
``db/migrations/vendor/procrastinate-3.10.0.sql`` so this revision does the same thing
whatever procrastinate version is installed later. pyproject pins procrastinate to 3.10.x;
moving to a release whose schema differs is a new revision applying that release's
``sql/migrations`` files (``tests/db/test_migration_0019_job_queue.py`` fails until then).
"""

from pathlib import Path

from alembic import op

revision = "0019_job_queue"
down_revision = "0018_content_tracking"

SCHEMA = Path(__file__).resolve().parent.parent / "vendor" / "procrastinate-3.10.0.sql"


def statements(script: str) -> list[str]:
    """The script's statements, one by one: the asyncpg driver prepares each statement, and a
    prepared statement holds only one. A ``;`` inside a ``$$`` body does not end one."""
    found: list[str] = []
    current: list[str] = []
    in_body = False
    for line in script.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("--")):
            continue
        current.append(line)
        if line.count("$$") % 2:
            in_body = not in_body
        if not in_body and line.rstrip().endswith(";"):
            found.append("\n".join(current))
            current = []
    if current:
        raise ValueError("the schema ends inside a statement")
    return found


def upgrade() -> None:
    bind = op.get_bind()
    for statement in statements(SCHEMA.read_text(encoding="utf-8")):
        bind.exec_driver_sql(statement)


def downgrade() -> None:
    script = SCHEMA.read_text(encoding="utf-8")
    for table in ("procrastinate_events", "procrastinate_periodic_defers", "procrastinate_jobs", "procrastinate_workers"):
        op.execute(f"DROP TABLE {table} CASCADE")  # its triggers go with it
    for statement in statements(script):
        head = statement.split("(", 1)[0].split()
        if head[:2] == ["CREATE", "FUNCTION"]:
            op.execute(f"DROP FUNCTION IF EXISTS {head[2]}")  # some went with their table
    for statement in reversed(statements(script)):
        head = statement.split()
        if head[:2] == ["CREATE", "TYPE"]:
            op.execute(f"DROP TYPE {head[2]}")
