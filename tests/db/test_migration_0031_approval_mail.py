"""Revision 0031 adds approval_emails: one row per request, step and recipient, a known status,
a sending time for every SENT row; and takes it away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row, user

TABLE = "SELECT count(*) AS n FROM pg_tables WHERE tablename = 'approval_emails'"
EMAIL = (
    "INSERT INTO approval_emails (request_id, step_id, recipient_id, queued_at, status, sent_at) "
    "SELECT 1, '{step}', u.id, now(), '{status}', {sent_at} FROM users u"
)


def test_the_revision_adds_approval_emails_with_its_rules_and_goes_down_again(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0031_approval_mail")

    assert dict(asyncio.run(fetch_row(scratch_url, TABLE))) == {"n": 1}
    with pytest.raises(Exception, match="fk_approval_emails_request_id_approval_requests"):
        asyncio.run(
            execute(
                scratch_url,
                user("MANAGER"),
                (EMAIL.format(step="1", status="PENDING", sent_at="NULL"),),
            )
        )
    with pytest.raises(Exception, match="ck_approval_emails"):
        asyncio.run(execute(scratch_url, (EMAIL.format(step="1", status="SENT", sent_at="NULL"),)))

    command.downgrade(alembic_config(scratch_url), "0030_negotiation")
    assert dict(asyncio.run(fetch_row(scratch_url, TABLE))) == {"n": 0}
