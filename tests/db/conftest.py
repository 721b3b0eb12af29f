"""A scratch database per migration test."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy.engine import make_url

from tests.conftest import run_id
from tests.database_templates import first_upgrade_copies, templates
from tests.db.scratch import execute


@pytest.fixture
def scratch_url(
    database_url: str, pytestconfig: pytest.Config, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A database of its own on the test server: a migration test moves revisions up and down.

    Its first upgrade, while it is empty, copies the run's template at that revision (made
    by migrating, once per run: ``tests.database_templates``) instead of migrating again.
    Afterwards it is renamed aside and dropped at the end of the run with the templates."""
    server = make_url(database_url)
    name = f"dealdesk_mig_{uuid.uuid4().hex[:10]}"
    admin = server.set(database="postgres")
    asyncio.run(
        execute(admin.render_as_string(hide_password=False), (f'CREATE DATABASE "{name}"',))
    )
    url = server.set(database=name).render_as_string(hide_password=False)
    copies = templates(database_url, run_id(pytestconfig))
    monkeypatch.setattr(command, "upgrade", first_upgrade_copies(url, copies))
    try:
        yield url
    finally:
        copies.put_aside(url)  # dropped with the templates: a drop waits for a checkpoint
