"""Revision 0019 gives content items segment and industry links and quote revisions their
competitors (existing rows get empty lists), with GIN indexes, and takes them away again."""

from __future__ import annotations

import asyncio

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row

COLUMNS = (
    "SELECT count(*) AS n FROM information_schema.columns WHERE "
    "(table_name = 'content_items' AND column_name IN ('segments', 'industries')) OR "
    "(table_name = 'quote_revisions' AND column_name = 'competitors')"
)
INDEXES = (
    "SELECT count(*) AS n FROM pg_indexes WHERE tablename = 'content_items' AND indexname IN "
    "('ix_content_items_families', 'ix_content_items_tags', 'ix_content_items_segments', "
    "'ix_content_items_industries', 'ix_content_items_publish_at')"
)
ITEM = (
    "INSERT INTO content_items (kind, title, language, tags, product_ids, families, "
    "competitors, audience_roles, publish_at, created_by_id) "
    "SELECT 'PLAYBOOK', 'Old', 'en', '{retail}', '{}', '{}', '{}', '{}', now(), id FROM users"
)


def test_the_revision_goes_up_and_down_and_old_items_get_empty_links(scratch_url: str) -> None:
    upgrade(scratch_url, "0018_content_tracking")
    asyncio.run(
        execute(
            scratch_url,
            (
                "INSERT INTO users (email, name, password_hash, roles) VALUES ('a@b.c', 'A', 'x', '{OPS}')",
            ),
            (ITEM,),
        )
    )

    upgrade(scratch_url, "0019_deal_relevance")
    old = asyncio.run(
        fetch_row(scratch_url, "SELECT segments, industries, tags FROM content_items")
    )
    up = (
        asyncio.run(fetch_row(scratch_url, COLUMNS))["n"],
        asyncio.run(fetch_row(scratch_url, INDEXES))["n"],
    )
    command.downgrade(alembic_config(scratch_url), "0018_content_tracking")
    down = (
        asyncio.run(fetch_row(scratch_url, COLUMNS))["n"],
        asyncio.run(fetch_row(scratch_url, INDEXES))["n"],
    )

    assert (old["segments"], old["industries"], old["tags"]) == ([], [], ["retail"])
    assert up == (3, 5)
    assert down == (0, 0)
