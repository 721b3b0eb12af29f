"""Revision 0018 adds content views and shares (one share per rep, item and quote) and
training quizzes with their attempts, and takes them away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row

TABLES = (
    "SELECT count(*) AS n FROM pg_tables WHERE tablename IN "
    "('content_events', 'content_quizzes', 'content_quiz_attempts')"
)
SHARE = (
    "INSERT INTO content_events (action, content_item_id, rep_id, quote_id, occurred_at) "
    "SELECT 'SHARE', c.id, u.id, NULL, now() FROM content_items c, users u"
)


def test_the_revision_goes_up_and_down_and_a_share_names_a_quote(scratch_url: str) -> None:
    upgrade(scratch_url, "0018_content_tracking")
    assert asyncio.run(fetch_row(scratch_url, TABLES))["n"] == 3
    asyncio.run(
        execute(
            scratch_url,
            (
                "INSERT INTO users (email, name, password_hash, roles) VALUES ('a@b.c', 'A', 'x', '{OPS}')",
            ),
            (
                "INSERT INTO content_items (kind, title, language, tags, product_ids, families, "
                "competitors, audience_roles, publish_at, created_by_id) "
                "SELECT 'TRAINING_MODULE', 'T', 'en', '{}', '{}', '{}', '{}', '{}', now(), id FROM users",
            ),
        )
    )
    with pytest.raises(Exception, match="share_names_quote"):
        asyncio.run(execute(scratch_url, (SHARE,)))

    command.downgrade(alembic_config(scratch_url), "0017_quote_line_order")

    assert asyncio.run(fetch_row(scratch_url, TABLES))["n"] == 0
