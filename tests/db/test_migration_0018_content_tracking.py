"""Revision 0018 adds content views and shares (one share per rep, item and quote) and
training quizzes with their attempts, and takes them away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import content_item, execute, tables, user

TABLES = ("content_events", "content_quizzes", "content_quiz_attempts")
SHARE = (
    "INSERT INTO content_events (action, content_item_id, rep_id, quote_id, occurred_at) "
    "SELECT 'SHARE', c.id, u.id, NULL, now() FROM content_items c, users u"
)


def test_the_revision_goes_up_and_down_and_a_share_names_a_quote(scratch_url: str) -> None:
    upgrade(scratch_url, "0018_content_tracking")
    assert tables(scratch_url, *TABLES) == 3
    asyncio.run(
        execute(
            scratch_url,
            user("OPS"),
            content_item("TRAINING_MODULE"),
        )
    )
    with pytest.raises(Exception, match="share_names_quote"):
        asyncio.run(execute(scratch_url, (SHARE,)))

    command.downgrade(alembic_config(scratch_url), "0017_quote_line_order")

    assert tables(scratch_url, *TABLES) == 0
