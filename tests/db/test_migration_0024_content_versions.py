"""Revision 0024 adds content item versions, backfills each existing item's current text as
its version 1 (keeping its window and author), holds one row per item and number, and
takes them away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row, tables, user

TABLE = ("content_item_versions",)
ITEMS = (
    "INSERT INTO content_items (kind, title, summary, body, body_html, language, tags, "
    "product_ids, families, competitors, audience_roles, publish_at, retire_at, created_by_id) "
    "SELECT 'PRODUCT_SHEET', t.title, 'S', 'B', '<p>B</p>', 'en', '{a}', '{}', '{}', '{acme}', "
    "'{}', '2026-01-01T00:00:00Z', t.retire_at, u.id FROM users u, (VALUES "
    "('Live', NULL::timestamptz), ('Gone', '2026-02-01T00:00:00Z'::timestamptz)) AS t(title, retire_at)"
)
BACKFILLED = (
    "SELECT count(*) AS n, bool_and(number = 1) AS ones, "
    "bool_and(v.title = c.title AND v.body_html = c.body_html AND v.tags = c.tags "
    "AND v.competitors = c.competitors AND v.publish_at = c.publish_at "
    "AND v.retire_at IS NOT DISTINCT FROM c.retire_at AND v.changed_by_id = c.created_by_id "
    "AND v.change_note IS NULL) AS same "
    "FROM content_item_versions v JOIN content_items c ON c.id = v.item_id"
)
AGAIN = (
    "INSERT INTO content_item_versions (item_id, number, title, summary, body, body_html, "
    "language, tags, product_ids, competitors, publish_at, changed_by_id) "
    "SELECT item_id, {number}, title, summary, body, body_html, language, tags, product_ids, "
    "competitors, publish_at, changed_by_id FROM content_item_versions WHERE number = 1 LIMIT 1"
)


def test_the_revision_backfills_version_one_of_each_item_and_goes_down_again(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0023_content_attachments")
    asyncio.run(
        execute(
            scratch_url,
            user("OPS"),
            (ITEMS,),
        )
    )
    upgrade(scratch_url, "0024_content_versions")

    assert dict(asyncio.run(fetch_row(scratch_url, BACKFILLED))) == {
        "n": 2,
        "ones": True,
        "same": True,
    }
    with pytest.raises(Exception, match="uq_content_item_versions_item_id_number"):
        asyncio.run(execute(scratch_url, (AGAIN.format(number=1),)))
    with pytest.raises(Exception, match="number_positive"):
        asyncio.run(execute(scratch_url, (AGAIN.format(number=0),)))

    command.downgrade(alembic_config(scratch_url), "0023_content_attachments")

    assert tables(scratch_url, *TABLE) == 0
