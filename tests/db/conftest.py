"""A scratch database per migration test."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from tests.db.scratch import execute


@pytest.fixture
def scratch_url(database_url: str) -> Iterator[str]:
    """A database of its own on the test server: a migration test moves revisions up and down."""
    server = make_url(database_url)
    name = f"dealdesk_mig_{uuid.uuid4().hex[:10]}"
    admin = server.set(database="postgres")
    asyncio.run(
        execute(admin.render_as_string(hide_password=False), (f'CREATE DATABASE "{name}"',))
    )
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(
            execute(
                admin.render_as_string(hide_password=False),
                (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',),
            )
        )
