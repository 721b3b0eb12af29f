"""Revision 0029 adds the outbox, webhook endpoints and deliveries (one per endpoint and
event), push subscriptions (one per endpoint), period-close reminders (one per period and
kind) and contest rank marks, and takes them away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row, user

TABLES = (
    "SELECT count(*) AS n FROM pg_tables WHERE tablename IN ('outbox_events', "
    "'webhook_endpoints', 'webhook_deliveries', 'push_subscriptions', 'period_close_reminders', "
    "'contest_rank_marks')"
)
EVENT = (
    "INSERT INTO outbox_events (topic, payload, occurred_at, aggregate_type, aggregate_id) "
    "VALUES ('approval.requested', '{}', now(), 'ApprovalRequest', 1)"
)
ENDPOINT = (
    "INSERT INTO webhook_endpoints (url, topics, secret, created_by_id) "
    "SELECT 'https://x.example/h', '{approval.requested}', 'whsec_x', id FROM users"
)
DELIVERY = (
    "INSERT INTO webhook_deliveries (endpoint_id, event_id, status) "
    "SELECT e.id, o.id, 'PENDING' FROM webhook_endpoints e, outbox_events o"
)
NO_TOPICS = (
    "INSERT INTO webhook_endpoints (url, topics, secret, created_by_id) "
    "SELECT 'https://x.example/h', '{}', 'whsec_x', id FROM users"
)


def test_the_revision_adds_the_outbox_tables_with_their_rules_and_goes_down_again(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0029_outbox")
    assert dict(asyncio.run(fetch_row(scratch_url, TABLES))) == {"n": 6}
    asyncio.run(execute(scratch_url, user("OPS"), (EVENT,), (ENDPOINT,), (DELIVERY,)))
    with pytest.raises(Exception, match="uq_webhook_deliveries_endpoint_id_event_id"):
        asyncio.run(execute(scratch_url, (DELIVERY,)))
    with pytest.raises(Exception, match="ck_webhook_endpoints_has_topic"):
        asyncio.run(execute(scratch_url, (NO_TOPICS,)))

    command.downgrade(alembic_config(scratch_url), "0028_home_screens")
    assert dict(asyncio.run(fetch_row(scratch_url, TABLES))) == {"n": 0}
