"""Revision 0041 stores a statement line's details as ``json`` (the same value, not parsed
into ``jsonb`` when a close COPYs 100,000 lines) and keeps the lines' four foreign keys;
down again, the details are ``jsonb``."""

from __future__ import annotations

import asyncio
import json

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row

DETAILS = [
    {
        "$type": "PayoutLine",
        "component_id": "base",
        "kind": {"$enum": ["ComponentKind", "BASE_RATE"]},
        "label": "Base 10% \u00e9",
        "amount": {"$decimal": "180.00"},
        "line_ids": {"$tuple": ["L1"]},
    }
]
LINE = (
    "SELECT pg_typeof(details)::text AS type, details::jsonb::text AS printed,"
    " (SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
    "  AND conrelid = 'commission_statement_lines'::regclass) AS foreign_keys"
    " FROM commission_statement_lines"
)


def _line(url: str) -> dict[str, object]:
    return dict(asyncio.run(fetch_row(url, LINE)))


def test_details_become_json_and_back_with_the_foreign_keys_kept(scratch_url: str) -> None:
    upgrade(scratch_url, "0040_draw_conversions")
    asyncio.run(
        execute(
            scratch_url,
            ("SET session_replication_role = replica",),  # (the statement without its parents)
            (
                "INSERT INTO commission_statements (id, period_id, rep_id, currency, sales_total,"
                " clawback_total, period_total, adjustments_total, earned_total, previously_paid,"
                " balance_due, non_cash_value, summary)"
                " VALUES (1, 1, 1, 'USD', 180, 0, 0, 0, 180, 0, 180, 0, '{}')",
            ),
            ("SET session_replication_role = origin",),
            (
                "INSERT INTO commission_statement_lines (statement_id, position, kind, description,"
                " amount, details) VALUES (1, 1, 'SALE', 'Q-1', 180, $1)",
                json.dumps(DETAILS),
            ),
        )
    )
    before = _line(scratch_url)
    assert before["type"] == "jsonb" and before["foreign_keys"] == 4

    upgrade(scratch_url, "0041_statement_line_details_json")
    after = _line(scratch_url)
    assert after == {"type": "json", "printed": before["printed"], "foreign_keys": 4}
    assert json.loads(str(after["printed"])) == DETAILS

    command.downgrade(alembic_config(scratch_url), "0040_draw_conversions")
    assert _line(scratch_url) == before
    upgrade(scratch_url)  # and up again
