"""Revision 0030 adds quote options and the customer's change requests (with their rules in
the database: a primary option has no lines of its own, a request's status is known, a
counter-price is not negative) and a history event's link to its request; and takes them
away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row

TABLES = (
    "SELECT count(*) AS n FROM pg_tables "
    "WHERE tablename IN ('quote_options', 'quote_change_requests')"
)
LINK = (
    "SELECT count(*) AS n FROM information_schema.columns "
    "WHERE table_name = 'quote_events' AND column_name = 'change_request_id'"
)
SETUP = (
    "INSERT INTO users (email, name, password_hash, roles) VALUES ('a@b.c', 'A', 'x', '{REP}')",
    "INSERT INTO accounts (name, segment, currency, owner_id) SELECT 'Acme', 'SMB', 'USD', id FROM users",
    "INSERT INTO quotes (name, account_id, owner_id, currency, status, valid_until) "
    "SELECT 'Q', a.id, u.id, 'USD', 'SENT', '2030-01-01' FROM accounts a, users u",
    "INSERT INTO quote_revisions (quote_id, number, pricing_date) "
    "SELECT id, 1, '2026-01-01' FROM quotes",
)
OPTION = (
    "INSERT INTO quote_options (revision_id, key, name, position, is_primary, lines) "
    "SELECT id, '{key}', 'N', 0, {primary}, {lines} FROM quote_revisions"
)
REQUEST = (
    "INSERT INTO quote_change_requests (quote_id, revision, status, counter_price, "
    "customer_name) SELECT id, 1, '{status}', {counter}, 'Jane' FROM quotes"
)


def test_the_revision_adds_options_and_change_requests_and_goes_down_again(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0029_outbox")
    asyncio.run(execute(scratch_url, *((sql,) for sql in SETUP)))
    upgrade(scratch_url, "0030_negotiation")

    asyncio.run(
        execute(
            scratch_url,
            (OPTION.format(key="O1", primary="true", lines="NULL"),),
            (OPTION.format(key="O2", primary="false", lines="'[]'::jsonb"),),
            (REQUEST.format(status="OPEN", counter="90"),),
        )
    )
    with pytest.raises(Exception, match="primary_has_no_lines"):
        asyncio.run(
            execute(scratch_url, (OPTION.format(key="O3", primary="true", lines="'[]'::jsonb"),))
        )
    with pytest.raises(Exception, match="uq_quote_options_revision_id_key"):
        asyncio.run(execute(scratch_url, (OPTION.format(key="O2", primary="false", lines="'[]'"),)))
    with pytest.raises(Exception, match="status_known"):
        asyncio.run(execute(scratch_url, (REQUEST.format(status="MAYBE", counter="NULL"),)))
    with pytest.raises(Exception, match="counter_not_negative"):
        asyncio.run(execute(scratch_url, (REQUEST.format(status="OPEN", counter="-1"),)))
    assert asyncio.run(fetch_row(scratch_url, LINK))["n"] == 1

    command.downgrade(alembic_config(scratch_url), "0029_outbox")

    assert asyncio.run(fetch_row(scratch_url, TABLES))["n"] == 0
    assert asyncio.run(fetch_row(scratch_url, LINK))["n"] == 0
