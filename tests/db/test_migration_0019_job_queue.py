"""Revision 0019 installs procrastinate's job queue schema (the copy kept with the
migrations) and takes all of it away again."""

from __future__ import annotations

import asyncio
from importlib import resources

from alembic import command

from db.migrate import MIGRATIONS, alembic_config, upgrade
from tests.db.scratch import fetch_row

OBJECTS = """
SELECT
  (SELECT count(*) FROM pg_tables WHERE tablename LIKE 'procrastinate%') AS tables,
  (SELECT count(*) FROM pg_proc WHERE proname LIKE 'procrastinate%') AS functions,
  (SELECT count(*) FROM pg_type WHERE typname LIKE 'procrastinate%' AND typtype IN ('e', 'c')
     AND typrelid = 0 OR typname LIKE 'procrastinate_job_to_defer%') AS types,
  (SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'procrastinate%') AS triggers
"""
DEFER = (
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW('default', 'a.task', 0, NULL, NULL, "
    "'{}'::jsonb, NULL)::procrastinate_job_to_defer_v1]) AS ids"
)


def test_the_revision_installs_the_queue_a_job_can_be_deferred_and_down_removes_it(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0019_job_queue")
    installed = asyncio.run(fetch_row(scratch_url, OBJECTS))
    deferred = asyncio.run(fetch_row(scratch_url, DEFER))

    assert dict(installed) == {"tables": 4, "functions": 18, "types": 3, "triggers": 7}
    assert len(deferred["ids"]) == 1

    command.downgrade(alembic_config(scratch_url), "0018_content_tracking")

    removed = asyncio.run(fetch_row(scratch_url, OBJECTS))
    assert dict(removed) == {"tables": 0, "functions": 0, "types": 0, "triggers": 0}


def test_the_copied_schema_is_the_installed_procrastinate_s() -> None:
    """A procrastinate upgrade that changes its schema needs a revision of its own."""
    installed = (resources.files("procrastinate.sql") / "schema.sql").read_text(encoding="utf-8")
    copied = (MIGRATIONS / "vendor" / "procrastinate-3.10.0.sql").read_text(encoding="utf-8")

    assert copied == installed
