"""Plans, facts and envelopes survive a round trip through JSON unchanged."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import approvals as engine
from db.codec.approvals import decode, encode

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def facts() -> engine.QuoteFacts:
    return engine.QuoteFacts(
        quote_id="q1",
        owner_id="7",
        currency="USD",
        total_net=Decimal("900"),
        total_list=Decimal("1000"),
        total_discount_pct=Decimal("10"),
        margin_pct=None,
        segment="ENTERPRISE",
        lines=(engine.LineFacts("L1", "3", "Software", Decimal("25"), Decimal("75"), Decimal("80"), Decimal(2)),),
        breach_codes=("BELOW_FLOOR",),
    )


def test_facts_plan_and_envelope_round_trip_through_json() -> None:
    rules = (
        engine.Rule("r1", "Discount", 1, "Manager", (engine.LineDiscountAbove(Decimal("20")),), engine.ManagerApprover(1)),
        engine.Rule("r2", "Floor", 2, "Finance", (engine.NetBelowFloor(),), engine.RoleApprover("FINANCE"), engine.ApprovalMode.ALL),
    )
    directory = engine.Directory(
        users=(engine.UserFact("7", ("REP",), "8"), engine.UserFact("8", ("MANAGER",)), engine.UserFact("9", ("FINANCE",))),
        delegations=(engine.DelegationFact("8", "9", NOW, NOW),),
    )
    plan = engine.build_plan(facts(), rules, directory, NOW)
    envelope = engine.envelope_from(facts(), plan, NOW)

    for value, kind in ((facts(), engine.QuoteFacts), (plan, engine.ApprovalPlan), (envelope, engine.ApprovedEnvelope), (rules[0], engine.Rule)):
        assert decode(kind, json.loads(json.dumps(encode(value)))) == value
    assert len(plan.steps) == 2
