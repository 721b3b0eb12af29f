"""Revision 0039 makes the quote sync trigger read the quote id off the row: a revision or
event still records its quote's change (events are append-only; revisions are inserted, updated and deleted), the trigger no
longer converts the row (its snapshot) to JSON, and the old function comes back on the
way down."""

from __future__ import annotations

import asyncio

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row

SOURCE = "SELECT prosrc FROM pg_proc WHERE proname = 'sync_quote_part_changed'"
QUOTE_CHANGES = (
    "SELECT count(*) AS n FROM sync_changes WHERE entity_type = 'QUOTE' AND kind = 'UPSERT'"
)


def _changes(url: str) -> int:
    return int(asyncio.run(fetch_row(url, QUOTE_CHANGES))["n"])


def test_revisions_and_events_still_record_their_quote_and_the_revision_goes_down(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0039_quote_sync_trigger_fields")
    assert "NEW.quote_id" in asyncio.run(fetch_row(scratch_url, SOURCE))["prosrc"]
    asyncio.run(
        execute(
            scratch_url,
            (
                "INSERT INTO users (email, name, password_hash, roles) VALUES "
                "('a@b.c', 'A', 'x', '{REP}')",
            ),
            (
                "INSERT INTO accounts (name, segment, currency, owner_id) "
                "SELECT 'Acme', 'smb', 'USD', id FROM users",
            ),
            (
                "INSERT INTO quotes (name, account_id, owner_id, currency, status, valid_until) "
                "SELECT 'Q', a.id, a.owner_id, 'USD', 'DRAFT', current_date FROM accounts a",
            ),
        )
    )
    steps = (
        "INSERT INTO quote_revisions (quote_id, number, pricing_date) "
        "SELECT id, 1, current_date FROM quotes",
        "UPDATE quote_revisions SET priced = '{\"lines\": []}'",
        "INSERT INTO quote_events (quote_id, revision, kind) SELECT id, 1, 'COMMENT' FROM quotes",
        "DELETE FROM quote_revisions",
    )
    counts = [_changes(scratch_url)]
    for step in steps:
        asyncio.run(execute(scratch_url, (step,)))
        counts.append(_changes(scratch_url))
    assert counts == list(range(counts[0], counts[0] + len(steps) + 1)), counts

    command.downgrade(alembic_config(scratch_url), "0038_metric_month_rollups")
    source = asyncio.run(fetch_row(scratch_url, SOURCE))["prosrc"]
    assert "to_jsonb(r)" in source and "NEW.quote_id" not in source
    upgrade(scratch_url)  # and up again
