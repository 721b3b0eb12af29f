"""Revision 0027 adds exchange rates (one per pair and day, a rate above 0, two currencies)
and the conversion columns of a credit (all set or none), and takes them away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row, tables, user

TABLE = ("exchange_rates",)
COLUMNS = (
    "SELECT count(*) AS n FROM information_schema.columns WHERE table_name = "
    "'commission_credits' AND column_name IN "
    "('original_currency', 'original_amount', 'exchange_rate', 'deal_scope')"
)
RATE = (
    "INSERT INTO exchange_rates (from_currency, to_currency, rate, valid_from, set_by_id) "
    "SELECT {pair}, {rate}, '2026-01-01', id FROM users LIMIT 1"
)


def test_the_revision_adds_rates_and_credit_conversions_with_their_rules(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0027_exchange_rates")
    asyncio.run(
        execute(
            scratch_url,
            user("OPS"),
            (RATE.format(pair="'EUR', 'USD'", rate="1.1"),),
        )
    )
    assert asyncio.run(fetch_row(scratch_url, COLUMNS))["n"] == 4
    for pair, rate, constraint in (
        ("'EUR', 'USD'", "1.2", "uq_exchange_rates_from_currency_to_currency_valid_from"),
        ("'EUR', 'GBP'", "0", "rate_range"),
        ("'EUR', 'EUR'", "1", "two_currencies"),
        ("'eur', 'USD'", "1", "from_iso"),
    ):
        with pytest.raises(Exception, match=constraint):
            asyncio.run(execute(scratch_url, (RATE.format(pair=pair, rate=rate),)))

    command.downgrade(alembic_config(scratch_url), "0026_sync_changes")

    assert tables(scratch_url, *TABLE) == 0
    assert asyncio.run(fetch_row(scratch_url, COLUMNS))["n"] == 0
