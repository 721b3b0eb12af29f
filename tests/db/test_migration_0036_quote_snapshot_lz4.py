"""Revision 0036 compresses quote snapshots with lz4 (where the server has it), and gives
the column back its default compression on the way down."""

from __future__ import annotations

import asyncio

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import fetch_row

COMPRESSION = (
    "SELECT a.attcompression::text AS method, "
    "EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
    "AND 'lz4' = ANY(enumvals)) AS has_lz4 "
    "FROM pg_attribute a WHERE a.attrelid = 'quote_revisions'::regclass "
    "AND a.attname = 'priced'"
)


def test_the_revision_goes_up_and_down(scratch_url: str) -> None:
    upgrade(scratch_url, "0036_quote_snapshot_lz4")
    up = asyncio.run(fetch_row(scratch_url, COMPRESSION))
    assert up["method"] == ("l" if up["has_lz4"] else "")

    command.downgrade(alembic_config(scratch_url), "0035_contest_rounds")

    assert asyncio.run(fetch_row(scratch_url, COMPRESSION))["method"] == ""
