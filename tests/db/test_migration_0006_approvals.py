"""Revision 0006 rewrites approval values stored by the old, guessing codec into the
tagged one, and back: a plan with a non-standard-clause hit decodes exactly afterwards."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from decimal import Decimal

import asyncpg
from alembic import command

import approvals as e
from db.codec.approvals import decode
from db.migrate import alembic_config, upgrade
from tests.db.scratch import dsn, fetch_row

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)

# Exactly what the old codec (approvals/codec.py before 0006) wrote for these values.
OLD_FACTS = {
    "quote_id": "5",
    "owner_id": "7",
    "currency": "USD",
    "total_net": "900.00",
    "total_list": "1000.00",
    "total_discount_pct": "10.0000",
    "margin_pct": None,
    "segment": "ENTERPRISE",
    "lines": [
        {
            "line_id": "L1",
            "product_id": "3",
            "family": "Services",
            "discount_pct": "12.5000",
            "net_unit_price": "875.00",
            "floor_price": None,
            "quantity": "1",
            "@type": "LineFacts",
        }
    ],
    "has_non_standard_clauses": True,
    "clauses_hash": "abc",
    "breach_codes": ["BELOW_FLOOR"],
    "@type": "QuoteFacts",
}
OLD_PLAN = {
    "quote_id": "5",
    "levels": [
        {
            "level": 3,
            "name": "Legal",
            "steps": [
                {
                    "step_id": "1",
                    "rule_id": "1",
                    "rule_name": "Legal",
                    "level": 3,
                    "mode": "ANY",
                    "approver_source": "ROLE:ADMIN",
                    "approvers": [
                        {"user_id": "8", "delegates": ["9", "11"], "@type": "PlanApprover"}
                    ],
                    "hits": [
                        {
                            "kind": "NON_STANDARD_CLAUSES",
                            "dimension": "CLAUSES",
                            "observed": True,
                            "threshold": False,
                            "line_id": None,
                            "@type": "ConditionHit",
                        }
                    ],
                    "dimensions": ["CLAUSES"],
                    "issues": [],
                    "@type": "PlanStep",
                }
            ],
            "@type": "PlanLevel",
        },
        {
            "level": 4,
            "name": "Delivery",
            "steps": [
                {
                    "step_id": "2",
                    "rule_id": "2",
                    "rule_name": "Services",
                    "level": 4,
                    "mode": "ALL",
                    "approver_source": "ROLE:FINANCE",
                    "approvers": [{"user_id": "10", "delegates": [], "@type": "PlanApprover"}],
                    "hits": [
                        {
                            "kind": "FAMILY_IN",
                            "dimension": "PRODUCTS",
                            "observed": "Services",
                            "threshold": ["Services", "Training"],
                            "line_id": "L1",
                            "@type": "ConditionHit",
                        },
                        {
                            "kind": "LINE_DISCOUNT_ABOVE",
                            "dimension": "LINE_DISCOUNT",
                            "observed": "12.5000",
                            "threshold": "10",
                            "line_id": "L1",
                            "@type": "ConditionHit",
                        },
                    ],
                    "dimensions": ["LINE_DISCOUNT", "PRODUCTS"],
                    "issues": [],
                    "@type": "PlanStep",
                }
            ],
            "@type": "PlanLevel",
        },
    ],
    "@type": "ApprovalPlan",
}
OLD_RECORDED = {
    "decision": {
        "approver_id": "9",
        "kind": "APPROVE",
        "step_id": "1",
        "reason": "",
        "counter_offer": None,
        "on_behalf_of": None,
        "@type": "Decision",
    },
    "seat_user_id": "8",
    "delegated": True,
    "level": 3,
    "decided_at": "2026-11-23T12:00:00+00:00",
    "@type": "RecordedDecision",
}
OLD_CONDITIONS = [
    {"@type": "NonStandardClauses"},
    {"threshold_pct": "10", "product_ids": ["3"], "families": [], "@type": "LineDiscountAbove"},
]
OLD_APPROVER = {"role": "ADMIN", "@type": "RoleApprover"}

FACTS = e.QuoteFacts(
    "5",
    "7",
    "USD",
    Decimal("900.00"),
    Decimal("1000.00"),
    Decimal("10.0000"),
    None,
    "ENTERPRISE",
    (e.LineFacts("L1", "3", "Services", Decimal("12.5000"), Decimal("875.00"), None, Decimal(1)),),
    True,
    "abc",
    ("BELOW_FLOOR",),
)
PLAN = e.ApprovalPlan(
    "5",
    (
        e.PlanLevel(
            3,
            "Legal",
            (
                e.PlanStep(
                    "1",
                    "1",
                    "Legal",
                    3,
                    e.ApprovalMode.ANY,
                    "ROLE:ADMIN",
                    # 9 is 8's delegate (a delegation row exists); 11 was added by an escalation.
                    (e.PlanApprover("8", ("9",), ("11",)),),
                    (
                        e.ConditionHit(
                            e.ConditionKind.NON_STANDARD_CLAUSES, e.Dimension.CLAUSES, True, False
                        ),
                    ),
                    (e.Dimension.CLAUSES,),
                ),
            ),
        ),
        e.PlanLevel(
            4,
            "Delivery",
            (
                e.PlanStep(
                    "2",
                    "2",
                    "Services",
                    4,
                    e.ApprovalMode.ALL,
                    "ROLE:FINANCE",
                    (e.PlanApprover("10"),),
                    (
                        e.ConditionHit(
                            e.ConditionKind.FAMILY_IN,
                            e.Dimension.PRODUCTS,
                            "Services",
                            ("Services", "Training"),
                            "L1",
                        ),
                        e.ConditionHit(
                            e.ConditionKind.LINE_DISCOUNT_ABOVE,
                            e.Dimension.LINE_DISCOUNT,
                            Decimal("12.5000"),
                            Decimal(10),
                            "L1",
                        ),
                    ),
                    (e.Dimension.LINE_DISCOUNT, e.Dimension.PRODUCTS),
                ),
            ),
        ),
    ),
)
RECORDED = e.RecordedDecision(e.Decision("9", e.DecisionKind.APPROVE, "1"), "8", True, 3, NOW)


async def _seed(url: str) -> None:
    conn = await asyncpg.connect(dsn(url))
    try:
        # Rows without their parents (users, quotes): only the stored JSON matters here.
        await conn.execute("SET session_replication_role = replica")
        await conn.execute(
            "INSERT INTO delegations (id, user_id, delegate_id, starts_at, ends_at) VALUES (1, 8, 9, $1, $2)",
            NOW,
            NOW.replace(year=2027),
        )
        await conn.execute(
            "INSERT INTO approval_rules (id, name, level, level_name, conditions, approver) VALUES (1, 'Legal', 3, 'Legal', $1, $2)",
            json.dumps(OLD_CONDITIONS),
            json.dumps(OLD_APPROVER),
        )
        await conn.execute(
            "INSERT INTO approval_requests (id, quote_id, revision, status, submitted_by, submitted_at, facts, plan, approver_ids)"
            " VALUES (1, 5, 1, 'PENDING', 7, $1, $2, $3, '[8, 9, 10, 11]')",
            NOW,
            json.dumps(OLD_FACTS),
            json.dumps(OLD_PLAN),
        )
        await conn.execute(
            "INSERT INTO approval_decisions (id, request_id, step_id, level, kind, decided_by, seat_user_id, delegated, seen, recorded, decided_at)"
            " VALUES (1, 1, '1', 3, 'APPROVE', 9, 8, true, $1, $2, $3)",
            json.dumps(OLD_FACTS),
            json.dumps(OLD_RECORDED),
            NOW,
        )
    finally:
        await conn.close()


def _rows(url: str) -> tuple[asyncpg.Record, asyncpg.Record, asyncpg.Record]:
    rule = asyncio.run(fetch_row(url, "SELECT conditions, approver FROM approval_rules"))
    request = asyncio.run(
        fetch_row(url, "SELECT facts, plan, approver_ids, envelope FROM approval_requests")
    )
    decision = asyncio.run(
        fetch_row(url, "SELECT seen, recorded, counter_offer FROM approval_decisions")
    )
    return rule, request, decision


def test_old_values_are_rewritten_exactly_and_back(scratch_url: str) -> None:
    upgrade(scratch_url, "0005_commissions")
    asyncio.run(_seed(scratch_url))

    upgrade(scratch_url, "0006_approvals")
    rule, request, decision = _rows(scratch_url)

    assert [decode(e.Condition, c) for c in json.loads(rule["conditions"])] == [
        e.NonStandardClauses(),
        e.LineDiscountAbove(Decimal(10), ("3",)),
    ]
    assert decode(e.RoleApprover, json.loads(rule["approver"])) == e.RoleApprover("ADMIN")
    assert decode(e.QuoteFacts, json.loads(request["facts"])) == FACTS
    assert decode(e.ApprovalPlan, json.loads(request["plan"])) == PLAN
    assert json.loads(request["approver_ids"]) == [8, 10, 11]  # the delegate is judged when acting
    assert request["envelope"] is None
    assert decode(e.QuoteFacts, json.loads(decision["seen"])) == FACTS
    assert decode(e.RecordedDecision, json.loads(decision["recorded"])) == RECORDED
    assert decision["counter_offer"] is None

    command.downgrade(alembic_config(scratch_url), "0005_commissions")
    rule, request, decision = _rows(scratch_url)

    assert (
        json.loads(rule["conditions"]) == OLD_CONDITIONS
        and json.loads(rule["approver"]) == OLD_APPROVER
    )
    assert json.loads(request["facts"]) == OLD_FACTS
    old_plan = json.loads(request["plan"])
    assert old_plan == OLD_PLAN
    assert json.loads(request["approver_ids"]) == [8, 9, 10, 11]
    assert json.loads(decision["recorded"]) == OLD_RECORDED
