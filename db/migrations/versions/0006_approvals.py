"""approvals: stored engine values in the exact tagged codec; escalation kept apart from delegation

Revision ID: 0006_approvals
Revises: 0005_commissions
Create Date: 2026-11-30 05:40:00

Approval rules, requests and decisions stored the approvals engine's values
in an untagged JSON the old codec decoded by guessing the first member of a
union (a non-standard-clause hit's ``true`` became ``Decimal("True")``). This
revision rewrites every stored value into the tagged format of
``db/codec/tagged.py``, deciding each field's type from a schema frozen
here (so this file never depends on the engine as it will be later). A hit's
observed value and threshold are typed by the hit's condition kind.

Plans also change meaning: a seat's ``delegates`` no longer grant anything
(delegation is judged when the delegate acts), and the managers an
escalation added to ``delegates`` move to the new ``escalated_to``. A listed
delegate with no delegation row for that seat is taken to be an escalation
target. ``approver_ids`` is recomputed from seats and escalation targets.

The decision ledger is append-only; its rows are re-encoded (same values,
new spelling) with its guard trigger disabled for this transaction only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0006_approvals"
down_revision = "0005_commissions"

# --- the stored shapes as of revision 0005 --------------------------------

S, D, B, I, DT = "str", "decimal", "bool", "int", "datetime"
ANY = ("dataclass",)
HIT = ("hit",)


def T(inner: Any) -> tuple[str, Any]:
    return ("tuple", inner)


def O(inner: Any) -> tuple[str, Any]:
    return ("opt", inner)


def E(name: str) -> tuple[str, str]:
    return ("enum", name)


CLASSES: dict[str, dict[str, Any]] = {
    "LineFacts": {"line_id": S, "product_id": S, "family": S, "discount_pct": D,
                  "net_unit_price": D, "floor_price": O(D), "quantity": D},
    "QuoteFacts": {"quote_id": S, "owner_id": S, "currency": S, "total_net": D, "total_list": D,
                   "total_discount_pct": D, "margin_pct": O(D), "segment": S, "lines": T(ANY),
                   "has_non_standard_clauses": B, "clauses_hash": S, "breach_codes": T(S)},
    "PlanApprover": {"user_id": S, "delegates": T(S), "escalated_to": T(S)},
    "ConditionHit": {"kind": E("ConditionKind"), "dimension": E("Dimension"), "observed": HIT,
                     "threshold": HIT, "line_id": O(S)},
    "PlanStep": {"step_id": S, "rule_id": S, "rule_name": S, "level": I, "mode": E("ApprovalMode"),
                 "approver_source": S, "approvers": T(ANY), "hits": T(ANY),
                 "dimensions": T(E("Dimension")), "issues": T(E("ReasonCode"))},
    "PlanLevel": {"level": I, "name": S, "steps": T(ANY)},
    "ApprovalPlan": {"quote_id": S, "levels": T(ANY)},
    "LineBound": {"line_id": S, "product_id": S, "family": S, "max_discount_pct": D,
                  "min_net_unit_price": D, "max_quantity": D},
    "ApprovedEnvelope": {"quote_id": S, "currency": S, "lines": T(ANY), "max_total_discount_pct": D,
                         "min_margin_pct": O(D), "max_total_net": D, "has_non_standard_clauses": B,
                         "clauses_hash": S, "product_ids": T(S), "families": T(S), "segment": S,
                         "breach_codes": T(S), "approved_rule_ids": T(S), "approved_at": DT},
    "LineCounter": {"line_id": S, "discount_pct": O(D), "net_unit_price": O(D)},
    "CounterOffer": {"lines": T(ANY), "total_discount_pct": O(D), "note": S},
    "Decision": {"approver_id": S, "kind": E("DecisionKind"), "step_id": S, "reason": S,
                 "counter_offer": O(ANY), "on_behalf_of": O(S)},
    "RecordedDecision": {"decision": ANY, "seat_user_id": S, "delegated": B, "level": I,
                         "decided_at": DT},
    "LineDiscountAbove": {"threshold_pct": D, "product_ids": T(S), "families": T(S)},
    "TotalDiscountAbove": {"threshold_pct": D},
    "NetBelowFloor": {},
    "MarginBelow": {"min_pct": D, "when_unknown": B},
    "DealSizeAbove": {"amount": D, "currency": S},
    "NonStandardClauses": {},
    "ProductIn": {"product_ids": T(S)},
    "FamilyIn": {"families": T(S)},
    "SegmentIn": {"segments": T(S)},
    "BreachCodeIn": {"codes": T(S)},
    "RoleApprover": {"role": S},
    "ManagerApprover": {"levels_up": I},
    "UserApprover": {"user_id": S},
}

#: (observed, threshold) of a hit, by the condition kind that produced it.
HIT_TYPES: dict[str, tuple[Any, Any]] = {
    "LINE_DISCOUNT_ABOVE": (D, D),
    "TOTAL_DISCOUNT_ABOVE": (D, D),
    "NET_BELOW_FLOOR": (D, O(D)),
    "MARGIN_BELOW": (O(D), D),
    "DEAL_SIZE_ABOVE": (D, D),
    "NON_STANDARD_CLAUSES": (B, B),
    "PRODUCT_IN": (S, T(S)),
    "FAMILY_IN": (S, T(S)),
    "SEGMENT_IN": (S, T(S)),
    "BREACH_CODE_IN": (S, T(S)),
}


class Upgrade:
    """Old untagged JSON to tagged JSON, typed by ``CLASSES``."""

    def __init__(self, delegations: set[tuple[str, str]]) -> None:
        self.delegations = delegations  # (user_id, delegate_id) pairs ever recorded

    def value(self, kind: Any, data: Any) -> Any:
        if kind in (S, I, B):
            return data
        if kind == D:
            return {"$decimal": str(data)}
        if kind == DT:
            return {"$datetime": data}
        if kind == ANY:
            return self.dataclass(data)
        tag, inner = kind
        if tag == "opt":
            return None if data is None else self.value(inner, data)
        if tag == "tuple":
            return {"$tuple": [self.value(inner, v) for v in data]}
        if tag == "enum":
            return {"$enum": [inner, data]}  # member names equal their values in these enums
        raise ValueError(f"unknown field kind {kind!r}")

    def dataclass(self, data: dict[str, Any]) -> dict[str, Any]:
        name = data["@type"]
        fields = CLASSES[name]
        out: dict[str, Any] = {"$type": name}
        for field, value in data.items():
            if field == "@type":
                continue
            kind = fields[field]
            if kind == HIT:
                observed, threshold = HIT_TYPES[data["kind"]]
                kind = observed if field == "observed" else threshold
            out[field] = self.value(kind, value)
        if name == "PlanApprover":
            out.update(self.seat(data["user_id"], data.get("delegates", [])))
        return out

    def seat(self, user_id: str, listed: list[str]) -> dict[str, Any]:
        delegates = [d for d in listed if (user_id, d) in self.delegations]
        escalated = [d for d in listed if (user_id, d) not in self.delegations]
        return {"delegates": {"$tuple": delegates}, "escalated_to": {"$tuple": escalated}}


def downgrade_value(data: Any) -> Any:
    """Tagged JSON back to the old untagged spelling (escalation targets rejoin ``delegates``)."""
    if isinstance(data, list):
        return [downgrade_value(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "$type" in data:
        out = {k: downgrade_value(v) for k, v in data.items() if k != "$type"}
        if data["$type"] == "PlanApprover":
            out["delegates"] = out.get("delegates", []) + out.pop("escalated_to", [])
        out["@type"] = data["$type"]
        return out
    if len(data) == 1:
        (tag, body), = data.items()
        if tag in ("$decimal", "$date", "$datetime"):
            return body
        if tag == "$enum":
            return body[1]
        if tag in ("$tuple", "$frozenset"):
            return [downgrade_value(v) for v in body]
        if tag == "$timedelta":
            days, seconds, micro = body
            return days * 86400 + seconds + micro / 1_000_000
    return {k: downgrade_value(v) for k, v in data.items()}


def _seats(plan: dict[str, Any]) -> list[int]:
    """``approver_ids`` of a tagged plan: seats and escalation targets."""
    found: set[str] = set()
    for level in plan["levels"]["$tuple"]:
        for step in level["steps"]["$tuple"]:
            for seat in step["approvers"]["$tuple"]:
                found.add(seat["user_id"])
                found.update(seat["escalated_to"]["$tuple"])
    return sorted(int(s) for s in found if s.isdigit())


def _rewrite(table: str, columns: tuple[str, ...], convert: Callable[[str, Any], Any], extra: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table} ORDER BY id")).mappings().all()
    for row in rows:
        values = {c: convert(c, row[c]) for c in columns}
        if extra is not None:
            values.update(extra(values))
        sets = ", ".join(f"{c} = :{c}" for c in values)
        statement = sa.text(f"UPDATE {table} SET {sets} WHERE id = :id").bindparams(
            *(sa.bindparam(c, type_=JSONB(none_as_null=True)) for c in values)
        )
        bind.execute(statement, {"id": row["id"], **values})


def upgrade() -> None:
    bind = op.get_bind()
    pairs = {(str(u), str(d)) for u, d in bind.execute(sa.text("SELECT user_id, delegate_id FROM delegations"))}
    up = Upgrade(pairs)

    def convert(column: str, data: Any) -> Any:
        if data is None:
            return None
        if column == "conditions":
            return [up.dataclass(c) for c in data]
        return up.dataclass(data)

    _rewrite("approval_rules", ("conditions", "approver"), convert)
    _rewrite(
        "approval_requests",
        ("facts", "plan", "envelope", "counter_offer"),
        convert,
        lambda values: {"approver_ids": _seats(values["plan"])},
    )
    op.execute("ALTER TABLE approval_decisions DISABLE TRIGGER approval_decisions_append_only")
    _rewrite("approval_decisions", ("counter_offer", "seen", "recorded"), convert)
    op.execute("ALTER TABLE approval_decisions ENABLE TRIGGER approval_decisions_append_only")


def downgrade() -> None:
    def convert(column: str, data: Any) -> Any:
        return downgrade_value(data)

    def old_ids(values: dict[str, Any]) -> dict[str, Any]:
        plan = values["plan"]
        ids = {int(s["user_id"]) for lv in plan["levels"] for st in lv["steps"] for s in st["approvers"] if s["user_id"].isdigit()}
        ids |= {int(d) for lv in plan["levels"] for st in lv["steps"] for s in st["approvers"] for d in s["delegates"] if d.isdigit()}
        return {"approver_ids": sorted(ids)}

    _rewrite("approval_rules", ("conditions", "approver"), convert)
    _rewrite("approval_requests", ("facts", "plan", "envelope", "counter_offer"), convert, old_ids)
    op.execute("ALTER TABLE approval_decisions DISABLE TRIGGER approval_decisions_append_only")
    _rewrite("approval_decisions", ("counter_offer", "seen", "recorded"), convert)
    op.execute("ALTER TABLE approval_decisions ENABLE TRIGGER approval_decisions_append_only")
