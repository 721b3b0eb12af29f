"""Revision 0032 adds the timeline's (quote_id, at, id) index, push_deliveries (one row per
event and subscription reached), and the indexes pruning the outbox reads; and takes them
away again."""

from __future__ import annotations

import asyncio

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import fetch_row

FOUND = """SELECT
  (SELECT count(*) FROM pg_indexes WHERE indexname IN ('ix_quote_events_quote_at',
     'ix_push_deliveries_subscription_id', 'ix_webhook_deliveries_event_id',
     'ix_outbox_events_dispatched_at')) AS indexes,
  (SELECT count(*) FROM pg_tables WHERE tablename = 'push_deliveries') AS tables"""


def test_the_revision_adds_the_indexes_and_push_deliveries_and_goes_down_again(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0032_timeline_push_deliveries")

    assert dict(asyncio.run(fetch_row(scratch_url, FOUND))) == {"indexes": 4, "tables": 1}

    command.downgrade(alembic_config(scratch_url), "0031_approval_mail")
    assert dict(asyncio.run(fetch_row(scratch_url, FOUND))) == {"indexes": 0, "tables": 0}
