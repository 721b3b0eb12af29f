"""Revision 0042 moves each priced line of a revision's snapshot into its own
``quote_priced_lines`` row (the revision keeps the rest), reads back as the same snapshot,
and puts the lines back into the snapshot, in order, on the way down."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from alembic import command
from sqlalchemy import cast, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by

from db.migrate import alembic_config, upgrade
from db.models.quotes import QuoteRevision
from tests.db.scratch import execute, fetch_row


def _line(key: str, parent: str | None, amount: str) -> dict[str, Any]:
    return {
        "$type": "PricedLine",
        "line_id": key,
        "parent_line_id": parent,
        "net_amount": {"$type": "Money", "amount": {"$decimal": amount}, "currency": "USD"},
        "steps": {"$tuple": [{"kind": "LIST", "note": "ü"}]},
    }


PRICED = {
    "$type": "PricedQuote",
    "currency": "USD",
    "net_total": {"$decimal": "30.00"},
    "lines": {
        "$tuple": [_line("L1", None, "10.00"), _line("L1.1", "L1", "5.00"), _line("L2", None, "15")]
    },
    "steps": {"$tuple": []},
    "breaches": {"$tuple": []},
    "errors": {"$tuple": []},
}
EMPTY_LINES = {**PRICED, "lines": {"$tuple": []}}
SNAPSHOTS = (PRICED, EMPTY_LINES, {}, {"lines": []})
"""A priced revision, one priced with no line, an unpriced one (``{}``) and a snapshot whose
lines are no tagged tuple (kept whole)."""

SEED = (
    ("INSERT INTO users (email, name, password_hash, roles) VALUES ('a@b.c', 'A', 'x', '{REP}')",),
    (
        "INSERT INTO accounts (name, segment, currency, owner_id) "
        "SELECT 'Acme', 'smb', 'USD', id FROM users",
    ),
    (
        "INSERT INTO quotes (name, account_id, owner_id, currency, status, valid_until) "
        "SELECT 'Q', a.id, a.owner_id, 'USD', 'DRAFT', current_date FROM accounts a",
    ),
    *(
        (
            "INSERT INTO quote_revisions (quote_id, number, pricing_date, priced) "
            "SELECT id, $1, current_date, $2::jsonb FROM quotes",
            number,
            json.dumps(snapshot),
        )
        for number, snapshot in enumerate(SNAPSHOTS, start=1)
    ),
)

STORED = (
    "SELECT coalesce(jsonb_agg(priced ORDER BY number), '[]') AS snapshots FROM quote_revisions"
)
WHOLE = str(
    select(
        func.coalesce(
            func.jsonb_agg(
                aggregate_order_by(cast(QuoteRevision.priced, JSONB), QuoteRevision.number)
            ),
            "[]",
        ).label("snapshots")
    ).compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
)
"""Every revision's snapshot as ``QuoteRevision.priced`` reads it, by number."""
ROWS = (
    "SELECT coalesce(jsonb_agg(jsonb_build_array(r.number, p.position, p.line_id,"
    " p.parent_line_id) ORDER BY r.number, p.position), '[]') AS rows"
    " FROM quote_priced_lines AS p JOIN quote_revisions AS r ON r.id = p.revision_id"
)


def _json(url: str, sql: str, column: str) -> Any:
    return json.loads(asyncio.run(fetch_row(url, sql))[column])


def test_snapshots_split_into_line_rows_and_join_again_on_the_way_down(scratch_url: str) -> None:
    upgrade(scratch_url, "0041_statement_line_details_json")
    asyncio.run(execute(scratch_url, *SEED))
    assert _json(scratch_url, STORED, "snapshots") == list(SNAPSHOTS)

    upgrade(scratch_url, "0042_quote_priced_lines")
    headers = _json(scratch_url, STORED, "snapshots")
    assert headers[0] == {k: v for k, v in PRICED.items() if k != "lines"}
    assert headers[1:] == [
        {k: v for k, v in EMPTY_LINES.items() if k != "lines"},
        {},
        {"lines": []},
    ]
    assert _json(scratch_url, ROWS, "rows") == [
        [1, 0, "L1", None],
        [1, 1, "L1.1", "L1"],
        [1, 2, "L2", None],
    ]
    # what ``QuoteRevision.priced`` reads: each snapshot as it was
    assert _json(scratch_url, WHOLE, "snapshots") == list(SNAPSHOTS)

    command.downgrade(alembic_config(scratch_url), "0041_statement_line_details_json")
    assert _json(scratch_url, STORED, "snapshots") == list(SNAPSHOTS)
    upgrade(scratch_url)  # and up again
    assert _json(scratch_url, WHOLE, "snapshots") == list(SNAPSHOTS)
