"""priced snapshots: a quote revision stores the pricing engine's PricedQuote in the tagged codec

Revision ID: 0011_priced_snapshots
Revises: 0009_docs_ops
Create Date: 2026-11-30 08:30:00

``quote_revisions.priced`` held a hand-made JSON of the priced quote (amounts
as strings rounded for display, enum values, ``key``/``line_key`` for line ids,
ids as integers with -1 for a reference that named no row). This revision
rewrites each one as the engine's ``PricedQuote`` in the tagged format of
``db/codec/tagged.py``, so reading a revision gives back the engine value.
The shapes are frozen here (this file never depends on the engine as it will
be later).

What the old JSON did not keep is filled in: the quote id (from the row), and
for a resolved bundle option its feature and option type (from
``bundle_options``; an option no longer there gets feature "" and OPTIONAL).
A configuration's ``valid`` is not stored: the engine derives it.

Downgrade writes the old JSON back, as the old code wrote it: amounts rounded
to the currency's minor units (babel's ISO 4217 data, half-up), ids that are
not database ids as -1, option ids that are not database ids left out.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op
from babel.numbers import get_currency_precision
from sqlalchemy.dialects.postgresql import JSONB

revision = "0011_priced_snapshots"
down_revision = "0010_commission_codec"

# --- the stored shapes, frozen here -----------------------------------------
#
# For each class of the new format, its fields and their kinds: "str", "int",
# "bool" (the same in both formats), "decimal", "money" (old: a string in the
# quote's currency), "date", "id" (an engine id; old: the database id, or -1 for
# none), "strings" (old: a list, or null for none), "option_ids" (old: only the
# database ids), "enum <Class>" (member names equal their values), a class name,
# "[kind]" for a tuple of them and "?kind" for an optional one.

CLASSES: dict[str, dict[str, str]] = {
    "WaterfallStep": {
        "kind": "enum StepKind",
        "label": "str",
        "rule_id": "str",
        "amount_delta": "decimal",
        "amount_after": "decimal",
        "unit_price_after": "?decimal",
        "raises_price": "bool",
        "quote_level": "bool",
    },
    "GuardrailBreach": {
        "code": "enum BreachCode",
        "line_id": "str",
        "threshold": "decimal",
        "actual": "decimal",
        "message": "str",
        "rule_id": "str",
    },
    "PricingError": {
        "code": "enum ReasonCode",
        "message": "str",
        "line_id": "str",
        "field": "strings",
        "rule_id": "str",
    },
    "ConfigurationViolation": {
        "code": "enum ViolationCode",
        "message": "str",
        "rule_id": "str",
        "option_ids": "option_ids",
        "attribute": "str",
    },
    "ResolvedOption": {
        "option_id": "id",
        "product_id": "id",
        "source": "enum SelectionSource",
        "quantity_per_parent": "int",
        "quantity": "int",
        "rule_id": "str",
    },
    "ConfigurationResult": {
        "violations": "[ConfigurationViolation]",
        "options": "[ResolvedOption]",
    },
    "PricedLine": {
        "line_id": "str",
        "parent_line_id": "str",
        "product_id": "id",
        "quantity": "int",
        "steps": "[WaterfallStep]",
        "list_unit_price": "?decimal",
        "list_amount": "?money",
        "net_unit_price": "?decimal",
        "net_amount": "?money",
        "discount_percent": "?decimal",
        "cost_amount": "?money",
        "margin_amount": "?money",
        "margin_percent": "?decimal",
        "breaches": "[GuardrailBreach]",
        "errors": "[PricingError]",
        "configuration": "?ConfigurationResult",
    },
    "PricedQuote": {
        "currency": "str",
        "pricing_date": "date",
        "lines": "[PricedLine]",
        "steps": "[WaterfallStep]",
        "list_total": "money",
        "net_total": "money",
        "discount_total": "money",
        "total_discount_percent": "?decimal",
        "cost_total": "?money",
        "margin_amount": "?money",
        "margin_percent": "?decimal",
        "breaches": "[GuardrailBreach]",
        "errors": "[PricingError]",
    },
}


OLD_KEYS = {  # (class, field) → its key in the old JSON, where the two differ
    ("GuardrailBreach", "line_id"): "line_key",
    ("PricingError", "line_id"): "line_key",
    ("PricedLine", "line_id"): "key",
    ("PricedLine", "parent_line_id"): "parent_key",
    ("PricedLine", "errors"): "issues",
    ("PricedQuote", "errors"): "issues",
}


class Upgrade:
    """Old JSON → tagged, for one revision (its quote's currency and id)."""

    def __init__(self, currency: str, quote_id: int, options: dict[int, tuple[int, str]]) -> None:
        self.currency = currency
        self.quote_id = quote_id
        self.options = options  # bundle option id → (feature id, option type)

    def value(self, kind: str, data: Any) -> Any:
        if kind.startswith("?"):
            return None if data is None else self.value(kind[1:], data)
        if kind.startswith("["):
            return {"$tuple": [self.value(kind[1:-1], v) for v in data]}
        if kind.startswith("enum "):
            return {"$enum": [kind.removeprefix("enum "), data]}
        if kind in CLASSES:
            return self.instance(kind, data)
        if kind == "decimal":
            return {"$decimal": data}
        if kind == "money":
            return {"$type": "Money", "amount": {"$decimal": data}, "currency": self.currency}
        if kind == "date":
            return {"$date": data}
        if kind == "id":
            return str(data)
        if kind in ("strings", "option_ids"):
            return {"$tuple": list(data or [])}
        return data  # str, int, bool

    def instance(self, name: str, data: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"$type": name}
        for field, kind in CLASSES[name].items():
            out[field] = self.value(kind, data[OLD_KEYS.get((name, field), field)])
        if name == "ResolvedOption":
            feature, option_type = self.options.get(data["option_id"], (None, "OPTIONAL"))
            out["feature_id"] = "" if feature is None else str(feature)
            out["option_type"] = {"$enum": ["OptionType", option_type]}
        if name == "PricedQuote":
            out["quote_id"] = str(self.quote_id)
        return out


_CONTEXT = Context(prec=80)


def downgrade_value(kind: str, data: Any) -> Any:
    """Tagged → the old JSON, as the old code wrote it."""
    if data is None:
        return None
    if kind.startswith("?"):
        return downgrade_value(kind[1:], data)
    if kind.startswith("["):
        return [downgrade_value(kind[1:-1], v) for v in data["$tuple"]]
    if kind.startswith("enum "):
        return data["$enum"][1]
    if kind in CLASSES:
        fields = CLASSES[kind].items()
        out = {OLD_KEYS.get((kind, f), f): downgrade_value(k, data[f]) for f, k in fields}
        if kind == "ConfigurationResult":
            out["valid"] = not out["violations"]
        return out
    if kind == "decimal":
        return data["$decimal"]
    if kind == "money":  # a final amount: exactly its currency's minor units, half-up
        quantum = Decimal(1).scaleb(-get_currency_precision(data["currency"]))
        amount = Decimal(data["amount"]["$decimal"])
        return str(amount.quantize(quantum, rounding=ROUND_HALF_UP, context=_CONTEXT))
    if kind == "date":
        return data["$date"]
    if kind == "id":
        return int(data) if data.isdigit() else -1
    if kind == "strings":
        return list(data["$tuple"]) or None
    if kind == "option_ids":
        return [o for o in data["$tuple"] if o.isdigit()]
    return data  # str, int, bool


# --- the rewrite ------------------------------------------------------------


def _rewrite(convert: Any) -> None:
    bind = op.get_bind()
    rows = (
        bind.execute(sa.text("SELECT id, quote_id, priced FROM quote_revisions ORDER BY id"))
        .mappings()
        .all()
    )
    statement = sa.text("UPDATE quote_revisions SET priced = :priced WHERE id = :id").bindparams(
        sa.bindparam("priced", type_=JSONB)
    )
    for row in rows:
        priced = row["priced"]
        if not priced:  # never priced ({}): nothing to rewrite
            continue
        bind.execute(statement, {"id": row["id"], "priced": convert(row["quote_id"], priced)})


def upgrade() -> None:
    bind = op.get_bind()
    options = {
        option_id: (feature_id, option_type)
        for option_id, feature_id, option_type in bind.execute(
            sa.text("SELECT id, feature_id, option_type::text FROM bundle_options")
        )
    }

    def convert(quote_id: int, data: dict[str, Any]) -> Any:
        if "$type" in data:  # already tagged
            return data
        return Upgrade(data["currency"], quote_id, options).instance("PricedQuote", data)

    _rewrite(convert)


def downgrade() -> None:
    def convert(quote_id: int, data: dict[str, Any]) -> Any:
        return downgrade_value("PricedQuote", data) if "$type" in data else data

    _rewrite(convert)
