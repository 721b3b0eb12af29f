"""commissions: stored engine values in the exact tagged codec

Revision ID: 0010_commission_codec
Revises: 0009_docs_ops
Create Date: 2026-11-30 08:30:00

Plan components, credit accounts and lines, statement summaries and statement
line details were written by a hand-made codec (``resolvers/commissions/codec.py``):
decimals as strings, enums as values, components told apart by a ``kind`` key.
This revision rewrites them into the tagged format of ``db/codec/tagged.py``,
typing each field from a schema frozen here (so this file never depends on the
engine as it will be later); the downgrade writes the old spelling back.

``commission_period_states`` is a cache of the ledger (rebuilt whenever its
signature or credit count disagrees with the ledger): its rows are deleted both
ways and rebuilt by the next credit, never converted.

Credits, statements and their lines are append-only and frozen once their
period closes; they are re-encoded (same values, new spelling) with their guard
triggers disabled for this transaction only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0010_commission_codec"
down_revision = "0009_docs_ops"

# --- the stored shapes as of revision 0009 ------------------------------------

# A one-letter alphabet, as in revision 0006, so that the tables below read as tables.
S, D, B, I, DAY = "str", "decimal", "bool", "int", "date"  # noqa: E741


def T(inner: Any) -> tuple[str, Any]:
    return ("tuple", inner)


def O(inner: Any) -> tuple[str, Any]:  # noqa: E743 (the alphabet above)
    return ("opt", inner)


def E(name: str) -> tuple[str, str]:
    return ("enum", name)


def C(name: str) -> tuple[str, str]:
    return ("class", name)


#: class → its fields in order: (field, kind, default written when the old JSON lacks it)
CLASSES: dict[str, list[tuple[str, Any, Any]]] = {
    "BaseRate": [("component_id", S, None), ("label", S, None), ("rate", D, None), ("rate_ceiling", D, "1")],
    "ProductRate": [
        ("component_id", S, None), ("label", S, None), ("rate", D, None), ("product_ids", T(S), None),
        ("families", T(S), None), ("counts_toward_quota", B, None), ("rate_ceiling", D, "1"),
    ],
    "RateModifier": [
        ("component_id", S, None), ("label", S, None), ("measure", E("Measure"), None),
        ("multiplier", D, None), ("above", O(D), None), ("below", O(D), None), ("scope", E("Scope"), None),
    ],
    "TimingAccelerator": [
        ("component_id", S, None), ("label", S, None), ("multiplier", D, None),
        ("anchor", E("PeriodKind"), None), ("edge", E("Edge"), None), ("days", I, None), ("months", I, None),
    ],
    "SegmentIncentive": [
        ("component_id", S, None), ("label", S, None), ("segments", T(S), None), ("industries", T(S), None),
        ("new_logo_only", B, None), ("extra_rate", D, None), ("amount_per_deal", D, None),
    ],
    "QuotaTiers": [
        ("component_id", S, None), ("label", S, None), ("mode", E("TierMode"), None),
        ("tiers", T(C("Tier")), None), ("gate", O(D), None), ("max_attainment", O(D), None),
    ],
    "Tier": [("name", S, None), ("floor", D, None), ("multiplier", D, None)],
    "PayoutCap": [("component_id", S, None), ("label", S, None), ("max_payout", D, None)],
    "Spif": [
        ("component_id", S, None), ("label", S, None), ("window_start", DAY, None), ("window_end", DAY, None),
        ("target", D, None), ("award", C("Award"), None), ("measure", E("SpifMeasure"), None),
        ("product_ids", T(S), None), ("families", T(S), None),
    ],
    "Award": [("kind", E("AwardKind"), None), ("value", D, None), ("description", S, None)],
    "Account": [("segment", S, None), ("industry", S, None), ("new_logo", B, None)],
    "CreditLine": [
        ("line_id", S, None), ("product_id", S, None), ("family", S, None), ("amount", D, None),
        ("quantity", D, None), ("discount", D, None), ("margin", O(D), None),
    ],
    "ComponentTotal": [
        ("component_id", S, None), ("kind", E("ComponentKind"), None), ("label", S, None), ("amount", D, None),
    ],
    "SpifAward": [
        ("component_id", S, None), ("label", S, None), ("kind", E("AwardKind"), None), ("value", D, None),
        ("description", S, None), ("progress", D, None), ("target", D, None),
    ],
    "SpifCounter": [("component_id", S, None), ("progress", D, None), ("awarded", B, None)],
    "PayoutLine": [
        ("component_id", S, None), ("kind", E("ComponentKind"), None), ("label", S, None), ("amount", D, None),
        ("base", D, None), ("rate", O(D), None), ("multiplier", O(D), None), ("tier", O(S), None),
        ("credit_id", O(S), None), ("deal_id", O(S), None), ("line_ids", T(S), None), ("clawback", B, None),
    ],
}

#: a stored component's ``kind`` ↔ its class
COMPONENT_KINDS = {
    "BASE_RATE": "BaseRate",
    "PRODUCT_RATE": "ProductRate",
    "RATE_MODIFIER": "RateModifier",
    "TIMING_ACCELERATOR": "TimingAccelerator",
    "SEGMENT_INCENTIVE": "SegmentIncentive",
    "QUOTA_TIERS": "QuotaTiers",
    "PAYOUT_CAP": "PayoutCap",
    "SPIF": "Spif",
}
KIND_OF = {name: kind for kind, name in COMPONENT_KINDS.items()}
#: fields the old codec wrote only when they differed from this value
OMITTED_WHEN = {("BaseRate", "rate_ceiling"): "1", ("ProductRate", "rate_ceiling"): "1"}


def up_value(kind: Any, data: Any) -> Any:
    if kind in (S, I, B):
        return data
    if kind == D:
        return {"$decimal": str(data)}
    if kind == DAY:
        return {"$date": data}
    tag, inner = kind
    if tag == "opt":
        return None if data is None else up_value(inner, data)
    if tag == "tuple":
        return {"$tuple": [up_value(inner, v) for v in data]}
    if tag == "enum":
        return {"$enum": [inner, data]}  # member names equal their values in these enums
    if tag == "class":
        return up_class(inner, data)
    raise ValueError(f"unknown field kind {kind!r}")


def up_class(name: str, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"$type": name}
    for field, kind, default in CLASSES[name]:
        value = data.get(field, default)
        out[field] = up_value(kind, value)
    return out


def up_component(data: dict[str, Any]) -> dict[str, Any]:
    return up_class(COMPONENT_KINDS[data["kind"]], data)


def down_value(data: Any) -> Any:
    """Tagged JSON back to the old spelling."""
    if isinstance(data, list):
        return [down_value(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "$type" in data:
        name = data["$type"]
        out: dict[str, Any] = {}
        if name in KIND_OF:
            out["kind"] = KIND_OF[name]
        for field, _, _ in CLASSES[name]:
            value = down_value(data[field])
            if (name, field) in OMITTED_WHEN and OMITTED_WHEN[(name, field)] == value:
                continue
            out[field] = value
        return out
    if len(data) == 1:
        ((tag, body),) = data.items()
        if tag in ("$decimal", "$date"):
            return body
        if tag == "$enum":
            return body[1]
        if tag == "$tuple":
            return [down_value(v) for v in body]
    return {k: down_value(v) for k, v in data.items()}


def up_summary(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "components": [up_class("ComponentTotal", c) for c in data.get("components", [])],
        "awards": [up_class("SpifAward", a) for a in data.get("awards", [])],
        "spif_carry": [up_class("SpifCounter", c) for c in data.get("spif_carry", [])],
    }


def _rewrite(table: str, columns: dict[str, Callable[[Any], Any]]) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table} ORDER BY id")).mappings().all()
    statement = sa.text(
        f"UPDATE {table} SET {', '.join(f'{c} = :{c}' for c in columns)} WHERE id = :id"
    ).bindparams(*(sa.bindparam(c, type_=JSONB) for c in columns))
    for row in rows:
        bind.execute(statement, {"id": row["id"], **{c: convert(row[c]) for c, convert in columns.items()}})


GUARDED = ("commission_credits", "commission_statements", "commission_statement_lines")


def _guards(action: str) -> None:
    for table in GUARDED:
        op.execute(f"ALTER TABLE {table} {action} TRIGGER {table}_append_only")
        op.execute(f"ALTER TABLE {table} {action} TRIGGER {table}_closed_period")


def _convert(
    component: Callable[[Any], Any],
    cls: Callable[[str, Any], Any],
    summary: Callable[[Any], Any],
) -> None:
    op.execute("DELETE FROM commission_period_states")  # a cache: rebuilt from the ledger
    _rewrite("commission_plan_versions", {"components": lambda data: [component(c) for c in data]})
    _guards("DISABLE")
    _rewrite(
        "commission_credits",
        {
            "account": lambda data: cls("Account", data),
            "lines": lambda data: [cls("CreditLine", line) for line in data],
        },
    )
    _rewrite("commission_statements", {"summary": summary})
    _rewrite(
        "commission_statement_lines",
        {"details": lambda data: [cls("PayoutLine", line) for line in data]},
    )
    _guards("ENABLE")


def upgrade() -> None:
    _convert(up_component, up_class, up_summary)


def downgrade() -> None:
    _convert(down_value, lambda _name, data: down_value(data), down_value)
