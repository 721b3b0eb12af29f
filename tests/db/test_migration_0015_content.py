"""Revision 0015 adds content items, whose search vector the database computes from the
indexed terms (title A, tags and summary B, body C), and takes them away again."""

from __future__ import annotations

import asyncio

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row, tables, user

COUNT = ("content_items",)


def test_the_revision_goes_up_and_down_and_weights_the_vector(scratch_url: str) -> None:
    upgrade(scratch_url, "0015_content")
    asyncio.run(
        execute(
            scratch_url,
            user("OPS"),
            (
                "INSERT INTO content_items (kind, title, language, tags, product_ids, families, "
                "competitors, audience_roles, publish_at, created_by_id, terms_a, terms_b, terms_c) "
                "SELECT 'PLAYBOOK', 'T', 'en', '{}', '{}', '{}', '{}', '{}', now(), id, "
                "'gateway', 'summary', 'body' FROM users",
            ),
        )
    )
    row = asyncio.run(fetch_row(scratch_url, "SELECT search_vector::text AS v FROM content_items"))
    assert row["v"] == "'body':3C 'gateway':1A 'summary':2B"

    command.downgrade(alembic_config(scratch_url), "0014_contests_badges_onboarding")

    assert tables(scratch_url, *COUNT) == 0
