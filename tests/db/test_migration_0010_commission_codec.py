"""Revision 0010 rewrites commission values stored by the old hand-written codec into the
tagged one, and back: every value decodes to exactly what the old codec read."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from decimal import Decimal

import asyncpg
from alembic import command
from sqlalchemy.engine import make_url

import commissions as e
from commissions.state import SpifCounter
from db.codec.commissions import (
    StatementSummary,
    account_of,
    components_of,
    credit_lines_of,
    payout_lines_of,
    summary_of,
)
from db.migrate import alembic_config, upgrade
from tests.db.scratch import dsn as _dsn
from tests.db.scratch import fetch_row as _fetch

D = Decimal

# Exactly what resolvers/commissions/codec.py (before 0010) wrote for these values.
OLD_COMPONENTS = [
    {"kind": "BASE_RATE", "component_id": "base", "label": "Base", "rate": "0.15"},
    {"kind": "BASE_RATE", "component_id": "hi", "label": "High", "rate": "1.5", "rate_ceiling": "2"},
    {"kind": "PRODUCT_RATE", "component_id": "sw", "label": "SW", "rate": "0.2", "product_ids": ["3"], "families": ["Software"], "counts_toward_quota": False},
    {"kind": "RATE_MODIFIER", "component_id": "m", "label": "M", "measure": "DISCOUNT", "multiplier": "0.5", "above": "0.2", "below": None, "scope": "LINE"},
    {"kind": "TIMING_ACCELERATOR", "component_id": "t", "label": "T", "multiplier": "1.2", "anchor": "QUARTER", "edge": "END", "days": 14, "months": 0},
    {"kind": "SEGMENT_INCENTIVE", "component_id": "s", "label": "S", "segments": ["ENTERPRISE"], "industries": [], "new_logo_only": True, "extra_rate": "0.02", "amount_per_deal": "100"},
    {"kind": "QUOTA_TIERS", "component_id": "q", "label": "Q", "mode": "MARGINAL", "tiers": [{"name": "Base", "floor": "0", "multiplier": "1"}, {"name": "Club", "floor": "1.0", "multiplier": "1.5"}], "gate": "0.5", "max_attainment": None},
    {"kind": "PAYOUT_CAP", "component_id": "cap", "label": "Cap", "max_payout": "50000"},
    {"kind": "SPIF", "component_id": "sp", "label": "Sp", "window_start": "2026-10-01", "window_end": "2026-12-31", "target": "3", "award": {"kind": "NON_CASH", "value": "2000", "description": "A trip"}, "measure": "UNITS", "product_ids": [], "families": ["Security"]},
]
OLD_ACCOUNT = {"segment": "ENTERPRISE", "industry": "Retail", "new_logo": True}
OLD_LINES = [{"line_id": "L1", "product_id": "3", "family": "Software", "amount": "1200.00", "quantity": "3", "discount": "0.1", "margin": None}]
OLD_SUMMARY = {
    "components": [{"component_id": "base", "kind": "BASE_RATE", "label": "Base", "amount": "180.00"}],
    "awards": [{"component_id": "sp", "label": "Sp", "kind": "NON_CASH", "value": "2000", "description": "A trip", "progress": "3", "target": "3"}],
    "spif_carry": [{"component_id": "sp", "progress": "1", "awarded": False}],
}
OLD_DETAILS = [{"component_id": "base", "kind": "BASE_RATE", "label": "Base", "amount": "180.00", "base": "1200.00", "rate": "0.15", "multiplier": None, "tier": None, "credit_id": "C1", "deal_id": "5", "line_ids": ["L1"], "clawback": False}]

COMPONENTS = (
    e.BaseRate("base", "Base", D("0.15")),
    e.BaseRate("hi", "High", D("1.5"), D("2")),
    e.ProductRate("sw", "SW", D("0.2"), ("3",), ("Software",), False),
    e.RateModifier("m", "M", e.Measure.DISCOUNT, D("0.5"), D("0.2"), None, e.Scope.LINE),
    e.TimingAccelerator("t", "T", D("1.2"), e.PeriodKind.QUARTER, e.Edge.END, 14, 0),
    e.SegmentIncentive("s", "S", ("ENTERPRISE",), (), True, D("0.02"), D("100")),
    e.QuotaTiers("q", "Q", e.TierMode.MARGINAL, (e.Tier("Base", D("0"), D("1")), e.Tier("Club", D("1.0"), D("1.5"))), D("0.5"), None),
    e.PayoutCap("cap", "Cap", D("50000")),
    e.Spif("sp", "Sp", date(2026, 10, 1), date(2026, 12, 31), D("3"), e.Award(e.AwardKind.NON_CASH, D("2000"), "A trip"), e.SpifMeasure.UNITS, (), ("Security",)),
)
SUMMARY = StatementSummary(
    (e.ComponentTotal("base", e.ComponentKind.BASE_RATE, "Base", D("180.00")),),
    (e.SpifAward("sp", "Sp", e.AwardKind.NON_CASH, D("2000"), "A trip", D("3"), D("3")),),
    (SpifCounter("sp", D("1"), False),),
)
DETAILS = (
    e.PayoutLine("base", e.ComponentKind.BASE_RATE, "Base", D("180.00"), D("1200.00"), D("0.15"), None, None, "C1", "5", ("L1",), False),
)


async def _seed(url: str) -> None:
    conn = await asyncpg.connect(_dsn(make_url(url)))
    try:
        # Rows without their parents (users, quotes, periods): only the stored JSON matters here.
        await conn.execute("SET session_replication_role = replica")
        await conn.execute(
            "INSERT INTO commission_plan_versions (id, plan_id, number, name, effective_from, components)"
            " VALUES (1, 1, 1, 'v1', '2026-01-01', $1)",
            json.dumps(OLD_COMPONENTS),
        )
        await conn.execute(
            "INSERT INTO commission_credits (id, credit_key, quote_id, rep_id, role, share, credit_date, rated_on,"
            " currency, amount, account, lines, deal_discount) VALUES"
            " (1, 'C1', 5, 7, 'DIRECT', 1, '2026-11-02', '2026-11-02', 'USD', 1200, $1, $2, 0.1)",
            json.dumps(OLD_ACCOUNT), json.dumps(OLD_LINES),
        )
        await conn.execute(
            "INSERT INTO commission_statements (id, period_id, rep_id, currency, sales_total, clawback_total,"
            " period_total, adjustments_total, earned_total, previously_paid, balance_due, non_cash_value, summary)"
            " VALUES (1, 1, 7, 'USD', 180, 0, 0, 0, 180, 0, 180, 2000, $1)",
            json.dumps(OLD_SUMMARY),
        )
        await conn.execute(
            "INSERT INTO commission_statement_lines (id, statement_id, position, kind, description, amount, details)"
            " VALUES (1, 1, 1, 'SALE', 'Q-5', 180, $1)",
            json.dumps(OLD_DETAILS),
        )
        await conn.execute(
            "INSERT INTO commission_period_states (rep_id, period_start, period_end, assignment_id, signature,"
            " credit_count, last_credit_id, state) VALUES (7, '2026-10-01', '2026-12-31', 1, 'x', 1, 1, '{}')"
        )
    finally:
        await conn.close()


def _rows(url: str) -> dict[str, object]:
    def one(sql: str) -> object:
        return asyncio.run(_fetch(url, sql))

    return {
        "components": json.loads(one("SELECT components FROM commission_plan_versions")["components"]),
        "account": json.loads(one("SELECT account FROM commission_credits")["account"]),
        "lines": json.loads(one("SELECT lines FROM commission_credits")["lines"]),
        "summary": json.loads(one("SELECT summary FROM commission_statements")["summary"]),
        "details": json.loads(one("SELECT details FROM commission_statement_lines")["details"]),
        "states": one("SELECT count(*) AS n FROM commission_period_states")["n"],
    }


def test_old_commission_values_are_rewritten_exactly_and_back(scratch_url: str) -> None:
    upgrade(scratch_url, "0009_docs_ops")
    asyncio.run(_seed(scratch_url))

    upgrade(scratch_url, "0010_commission_codec")
    new = _rows(scratch_url)

    assert components_of(new["components"]) == COMPONENTS
    assert account_of(new["account"]) == e.Account("ENTERPRISE", "Retail", True)
    assert credit_lines_of(new["lines"]) == (
        e.CreditLine("L1", "3", "Software", D("1200.00"), D("3"), D("0.1"), None),
    )
    assert summary_of(new["summary"]) == SUMMARY
    assert payout_lines_of(new["details"]) == DETAILS
    assert [str(c.rate) for c in components_of(new["components"])[:1]] == ["0.15"]  # digits kept
    assert new["states"] == 0  # a cache: rebuilt from the ledger, not converted

    command.downgrade(alembic_config(scratch_url), "0009_docs_ops")
    old = _rows(scratch_url)

    assert old["components"] == OLD_COMPONENTS
    assert old["account"] == OLD_ACCOUNT and old["lines"] == OLD_LINES
    assert old["summary"] == OLD_SUMMARY
    assert old["details"] == OLD_DETAILS
