"""Revision 0025 adds the persisted-queries table: a document under its lowercase sha256,
one row per hash, bounded in size, and takes it away again."""

from __future__ import annotations

import asyncio
import hashlib

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row, tables

TABLE = ("persisted_queries",)
INSERT = "INSERT INTO persisted_queries (sha256, document) VALUES ($1, $2)"
DOCUMENT = "{ me { name } }"
SHA = hashlib.sha256(DOCUMENT.encode()).hexdigest()


def test_the_revision_keeps_one_bounded_document_per_hash_and_goes_down_again(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0025_persisted_queries")
    asyncio.run(execute(scratch_url, (INSERT, SHA, DOCUMENT)))

    row = asyncio.run(fetch_row(scratch_url, "SELECT * FROM persisted_queries"))
    assert (row["sha256"], row["document"]) == (SHA, DOCUMENT)
    assert row["created_at"] is not None
    with pytest.raises(Exception, match="pk_persisted_queries"):
        asyncio.run(execute(scratch_url, (INSERT, SHA, DOCUMENT)))
    with pytest.raises(Exception, match="sha256_hex"):
        asyncio.run(execute(scratch_url, (INSERT, SHA.upper(), DOCUMENT)))
    with pytest.raises(Exception, match="sha256_hex"):
        asyncio.run(execute(scratch_url, (INSERT, "not-a-hash", DOCUMENT)))
    with pytest.raises(Exception, match="document_bounded"):
        asyncio.run(execute(scratch_url, (INSERT, "0" * 64, "#" * (1024 * 1024 + 1))))

    command.downgrade(alembic_config(scratch_url), "0024_content_versions")

    assert tables(scratch_url, *TABLE) == 0
