"""Revision 0035 adds contest_rounds (a window ending after it starts, gone with its contest)
and contests.currency (ISO 4217 or null); and takes them away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row

TABLE = "SELECT count(*) AS n FROM pg_tables WHERE tablename = 'contest_rounds'"
COLUMN = (
    "SELECT count(*) AS n FROM information_schema.columns "
    "WHERE table_name = 'contests' AND column_name = 'currency'"
)
SETUP = (
    "INSERT INTO users (email, name, password_hash, roles) VALUES ('a@b.c', 'A', 'x', '{OPS}')",
    "INSERT INTO contests (name, kind, metric_key, starts_at, ends_at, direction, scoring, "
    "created_by_id, currency) SELECT 'C', 'TOURNAMENT', 'CALLS', now(), now() + interval '9 days', "
    "'HIGHER', 'RAW', id, NULL FROM users",
    "INSERT INTO contest_rounds (contest_id, number, starts_at, ends_at) "
    "SELECT id, 1, now(), now() + interval '1 day' FROM contests",
)


def test_the_revision_adds_rounds_and_a_currency_and_goes_down_again(scratch_url: str) -> None:
    upgrade(scratch_url, "0035_contest_rounds")

    assert dict(asyncio.run(fetch_row(scratch_url, TABLE))) == {"n": 1}
    asyncio.run(execute(scratch_url, *((sql,) for sql in SETUP)))
    with pytest.raises(Exception, match="ck_contest_rounds_window_ordered"):
        asyncio.run(
            execute(
                scratch_url,
                (
                    "INSERT INTO contest_rounds (contest_id, number, starts_at, ends_at) "
                    "SELECT id, 2, now(), now() FROM contests",
                ),
            )
        )
    with pytest.raises(Exception, match="ck_contests_currency_iso"):
        asyncio.run(execute(scratch_url, ("UPDATE contests SET currency = 'usd'",)))
    asyncio.run(execute(scratch_url, ("DELETE FROM contests",)))
    gone = "SELECT count(*) AS n FROM contest_rounds"
    assert dict(asyncio.run(fetch_row(scratch_url, gone))) == {"n": 0}

    command.downgrade(alembic_config(scratch_url), "0034_draws_payments")
    assert dict(asyncio.run(fetch_row(scratch_url, TABLE))) == {"n": 0}
    assert dict(asyncio.run(fetch_row(scratch_url, COLUMN))) == {"n": 0}
