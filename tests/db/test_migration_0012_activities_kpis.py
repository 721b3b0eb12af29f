"""Revision 0012 seeds the standard activity kinds, gives every user UTC, and goes back down."""

from __future__ import annotations

import asyncio

from alembic import command

from db.migrate import alembic_config, upgrade
from gamification.hierarchy import STANDARD_KINDS
from tests.db.scratch import execute, fetch_row


def test_the_standard_kinds_are_seeded_as_the_engine_knows_them_and_the_revision_reverses(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0011_priced_snapshots")
    asyncio.run(
        execute(
            scratch_url,
            ("INSERT INTO users (email, name, password_hash, roles) "
             "VALUES ('a@example.com', 'A', 'x', '{REP}')",),
        )
    )  # fmt: skip
    upgrade(scratch_url, "0012_activities_kpis")

    kinds = asyncio.run(
        fetch_row(
            scratch_url,
            "SELECT array_agg(key || ':' || level || ':' || worked_time || ':' || recordable "
            "ORDER BY key) AS kinds FROM activity_kinds",
        )
    )["kinds"]
    zone = asyncio.run(fetch_row(scratch_url, "SELECT time_zone FROM users"))["time_zone"]
    command.downgrade(alembic_config(scratch_url), "0011_priced_snapshots")
    gone = asyncio.run(fetch_row(scratch_url, "SELECT to_regclass('activities') AS t"))["t"]

    expected = sorted(
        f"{k.key}:{k.level.value}:{str(k.worked_time).lower()}:{str(k.recordable).lower()}"
        for k in STANDARD_KINDS
    )
    assert kinds == expected
    assert zone == "UTC"
    assert gone is None
