"""The models (``db.models``, ``Base.metadata``) describe the schema the migrations build.

The app reads and writes through the models, and Alembic builds the tables; nothing else
checks that the two agree. A database migrated from empty to the head is compared with the
metadata by Alembic's autogenerate (``compare_metadata``), which finds what an
``alembic revision --autogenerate`` would write: tables, columns, their types
(``compare_type``), nullability and server defaults (``compare_server_default``), indexes
(expression and partial ones too), unique constraints and foreign keys (with their
``ON DELETE``). There must be no difference: a model that gains a column or an index without
a migration, or a migration that builds what no model declares, fails here.

What the comparison leaves out:

- Tables the app does not model (``UNMODELLED_TABLES``), skipped before they are reflected:
  ``alembic_version`` (Alembic's own bookkeeping; Alembic skips it anyway); procrastinate's
  ``procrastinate_*`` tables, built by the job queue's vendored schema
  (``db/migrations/vendor``) and used only through procrastinate; and the delta-sync change
  log ``sync_changes`` and its cursor ``sync_pruned`` (migration 0026), written by triggers and
  read with plain SQL (``db.queries.sync``): ``sync_changes.xid`` is an ``xid8``, a type
  SQLAlchemy has no class for.
- What autogenerate never compares: check constraints, a partial index's ``WHERE`` clause
  (only its name, columns and expressions are compared), triggers and functions, computed
  columns' expressions, comments, sequences. (``tests/db/test_constraints.py`` and the
  migration tests check those that matter by what the database does.)

No difference is accepted as a known exception: when this test first ran, the three it found
were the models' slips (two unique constraints named otherwise than migration 0012 named
them, and 0012's expression index ``uq_kpi_targets_scope`` missing from ``KpiTarget``), fixed
in ``db.models.performance_activities``.
"""

from __future__ import annotations

import asyncio
import pprint
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

import db.models  # noqa: F401  (registers every table on the metadata)
from db.base import Base
from db.engine import async_url
from db.migrate import upgrade

UNMODELLED_TABLES = frozenset({"alembic_version", "sync_changes", "sync_pruned"})
UNMODELLED_PREFIX = "procrastinate_"


def _modelled(name: str | None, type_: str, parent_names: dict[str, str | None]) -> bool:
    """Whether the database object ``name`` is one the models are meant to describe."""
    if type_ != "table" or name is None:
        return True
    return name not in UNMODELLED_TABLES and not name.startswith(UNMODELLED_PREFIX)


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "compare_server_default": True,
            "include_name": _modelled,
        },
    )
    return list(compare_metadata(context, Base.metadata))


async def _differences_in(url: str) -> list[Any]:
    engine = create_async_engine(async_url(url), poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_differences)
    finally:
        await engine.dispose()


def test_the_models_match_the_migrated_schema(scratch_url: str) -> None:
    upgrade(scratch_url)  # from empty to the head (a copy of the run's template at the head)

    differences = asyncio.run(_differences_in(scratch_url))

    assert not differences, (
        "the models and the migrations differ (each item is what autogenerate would do to the "
        "database to match the models):\n" + pprint.pformat(differences, width=100)
    )
