"""Revision 0021 gives content items segment and industry links and quote revisions their
competitors (existing rows get empty lists), and a narrow, trigger-kept copy of each item's
links (existing items copied; inserts and updates follow), and takes them away again."""

from __future__ import annotations

import asyncio

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row, user

COLUMNS = (
    "SELECT count(*) AS n FROM information_schema.columns WHERE "
    "(table_name = 'content_items' AND column_name IN ('segments', 'industries')) OR "
    "(table_name = 'quote_revisions' AND column_name = 'competitors')"
)
INDEXES = (
    "SELECT count(*) AS n FROM pg_indexes WHERE tablename = 'content_item_links' "
    "AND indexname LIKE 'ix_content_item_links_%'"
)
ITEM = (
    "INSERT INTO content_items (kind, title, language, tags, product_ids, families, "
    "competitors, audience_roles, publish_at, created_by_id) "
    "SELECT 'PLAYBOOK', $1, 'en', '{retail}', '{}', '{}', '{}', '{}', now(), id FROM users"
)
LINKS = (
    "SELECT array_agg(i.title || ':' || l.kind || ':' || array_to_string(l.tags || "
    "l.competitors || l.segments, ',') ORDER BY i.id) AS rows "
    "FROM content_item_links l JOIN content_items i ON i.id = l.item_id"
)


def counts(url: str) -> tuple[int, int]:
    return (
        asyncio.run(fetch_row(url, COLUMNS))["n"],
        asyncio.run(fetch_row(url, INDEXES))["n"],
    )


def test_the_revision_goes_up_and_down_and_the_links_copy_follows_the_items(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0020_metric_currency_rollups")
    asyncio.run(
        execute(
            scratch_url,
            user("OPS"),
            (ITEM, "Old"),
        )
    )

    upgrade(scratch_url, "0021_deal_relevance")
    old = asyncio.run(
        fetch_row(scratch_url, "SELECT segments, industries, tags FROM content_items")
    )
    asyncio.run(
        execute(
            scratch_url,
            (ITEM, "New"),
            (
                "UPDATE content_items SET kind = 'ROI_TOOL', competitors = '{acme}', "
                "segments = '{smb}' WHERE title = 'Old'",
            ),
            (ITEM, "Gone"),
            ("DELETE FROM content_items WHERE title = 'Gone'",),
        )
    )
    copied = asyncio.run(fetch_row(scratch_url, LINKS))["rows"]
    up = counts(scratch_url)
    command.downgrade(alembic_config(scratch_url), "0020_metric_currency_rollups")
    down = counts(scratch_url)

    assert (old["segments"], old["industries"], old["tags"]) == ([], [], ["retail"])
    assert copied == ["Old:ROI_TOOL:retail,acme,smb", "New:PLAYBOOK:retail"]
    assert up == (3, 7)
    assert down == (0, 0)
