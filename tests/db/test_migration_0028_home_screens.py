"""Revision 0028 adds the partial index on activities(quote_id, occurred_at) that finds when
a quote was last touched by an activity (the home screens, the team view), and drops it
again."""

from __future__ import annotations

import asyncio

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import fetch_row

INDEX = (
    "SELECT count(*) AS n, max(indexdef) AS definition FROM pg_indexes "
    "WHERE tablename = 'activities' AND indexname = 'ix_activities_quote_id'"
)


def test_the_revision_indexes_activities_by_quote_and_goes_down_again(scratch_url: str) -> None:
    upgrade(scratch_url, "0027_exchange_rates")
    assert asyncio.run(fetch_row(scratch_url, INDEX))["n"] == 0

    upgrade(scratch_url, "0028_home_screens")

    found = asyncio.run(fetch_row(scratch_url, INDEX))
    assert found["n"] == 1
    assert "(quote_id, occurred_at)" in found["definition"]
    assert "WHERE (quote_id IS NOT NULL)" in found["definition"]

    command.downgrade(alembic_config(scratch_url), "0027_exchange_rates")

    assert asyncio.run(fetch_row(scratch_url, INDEX))["n"] == 0
