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
down_revision = "0009_docs_ops"
branch_labels = None
depends_on = None

Json = Any


# --- old → tagged -----------------------------------------------------------


def _dec(value: str | None) -> Json:
    return None if value is None else {"$decimal": value}


def _tuple(items: list[Any]) -> Json:
    return {"$tuple": items}


def _enum(cls: str, name: str) -> Json:
    return {"$enum": [cls, name]}  # member names equal their values in these enums


class Upgrade:
    def __init__(self, currency: str, options: dict[int, tuple[int, str]]) -> None:
        self.currency = currency
        self.options = options  # bundle option id → (feature id, option type)

    def money(self, value: str | None) -> Json:
        if value is None:
            return None
        return {"$type": "Money", "amount": {"$decimal": value}, "currency": self.currency}

    def step(self, s: dict[str, Any]) -> Json:
        return {
            "$type": "WaterfallStep",
            "kind": _enum("StepKind", s["kind"]),
            "label": s["label"],
            "rule_id": s["rule_id"],
            "amount_delta": _dec(s["amount_delta"]),
            "amount_after": _dec(s["amount_after"]),
            "unit_price_after": _dec(s["unit_price_after"]),
            "raises_price": s["raises_price"],
            "quote_level": s["quote_level"],
        }

    def breach(self, b: dict[str, Any]) -> Json:
        return {
            "$type": "GuardrailBreach",
            "code": _enum("BreachCode", b["code"]),
            "line_id": b["line_key"],
            "threshold": _dec(b["threshold"]),
            "actual": _dec(b["actual"]),
            "message": b["message"],
            "rule_id": b["rule_id"],
        }

    def issue(self, e: dict[str, Any]) -> Json:
        return {
            "$type": "PricingError",
            "code": _enum("ReasonCode", e["code"]),
            "message": e["message"],
            "line_id": e["line_key"],
            "field": _tuple(list(e["field"] or [])),
            "rule_id": e["rule_id"],
        }

    def option(self, o: dict[str, Any]) -> Json:
        feature, option_type = self.options.get(o["option_id"], (None, "OPTIONAL"))
        return {
            "$type": "ResolvedOption",
            "option_id": str(o["option_id"]),
            "product_id": str(o["product_id"]),
            "feature_id": "" if feature is None else str(feature),
            "option_type": _enum("OptionType", option_type),
            "source": _enum("SelectionSource", o["source"]),
            "quantity_per_parent": o["quantity_per_parent"],
            "quantity": o["quantity"],
            "rule_id": o["rule_id"],
        }

    def configuration(self, c: dict[str, Any] | None) -> Json:
        if c is None:
            return None
        return {
            "$type": "ConfigurationResult",
            "violations": _tuple([
                {
                    "$type": "ConfigurationViolation",
                    "code": _enum("ViolationCode", v["code"]),
                    "message": v["message"],
                    "rule_id": v["rule_id"],
                    "option_ids": _tuple(list(v["option_ids"])),
                    "attribute": v["attribute"],
                }
                for v in c["violations"]
            ]),
            "options": _tuple([self.option(o) for o in c["options"]]),
        }

    def line(self, line: dict[str, Any]) -> Json:
        return {
            "$type": "PricedLine",
            "line_id": line["key"],
            "parent_line_id": line["parent_key"],
            "product_id": str(line["product_id"]),
            "quantity": line["quantity"],
            "steps": _tuple([self.step(s) for s in line["steps"]]),
            "list_unit_price": _dec(line["list_unit_price"]),
            "list_amount": self.money(line["list_amount"]),
            "net_unit_price": _dec(line["net_unit_price"]),
            "net_amount": self.money(line["net_amount"]),
            "discount_percent": _dec(line["discount_percent"]),
            "cost_amount": self.money(line["cost_amount"]),
            "margin_amount": self.money(line["margin_amount"]),
            "margin_percent": _dec(line["margin_percent"]),
            "breaches": _tuple([self.breach(b) for b in line["breaches"]]),
            "errors": _tuple([self.issue(e) for e in line["issues"]]),
            "configuration": self.configuration(line["configuration"]),
        }

    def quote(self, quote_id: int, data: dict[str, Any]) -> Json:
        zero = "0"
        return {
            "$type": "PricedQuote",
            "quote_id": str(quote_id),
            "currency": data["currency"],
            "pricing_date": {"$date": data["pricing_date"]},
            "lines": _tuple([self.line(line) for line in data["lines"]]),
            "steps": _tuple([self.step(s) for s in data["steps"]]),
            "list_total": self.money(data["list_total"] or zero),
            "net_total": self.money(data["net_total"] or zero),
            "discount_total": self.money(data["discount_total"] or zero),
            "total_discount_percent": _dec(data["total_discount_percent"]),
            "cost_total": self.money(data["cost_total"]),
            "margin_amount": self.money(data["margin_amount"]),
            "margin_percent": _dec(data["margin_percent"]),
            "breaches": _tuple([self.breach(b) for b in data["breaches"]]),
            "errors": _tuple([self.issue(e) for e in data["issues"]]),
        }


# --- tagged → old -----------------------------------------------------------

_CONTEXT = Context(prec=80)


def _body(tagged: Json, tag: str) -> Any:
    return None if tagged is None else tagged[tag]


def _str(tagged: Json) -> str | None:
    return _body(tagged, "$decimal")


def _items(tagged: Json) -> list[Any]:
    return list(tagged["$tuple"])


def _row_id(engine_id: str) -> int:
    return int(engine_id) if engine_id.isdigit() else -1


def _money(tagged: Json) -> str | None:
    """A final amount with exactly its currency's minor units, half-up (as the old code wrote)."""
    if tagged is None:
        return None
    quantum = Decimal(1).scaleb(-get_currency_precision(tagged["currency"]))
    amount = Decimal(tagged["amount"]["$decimal"])
    return str(amount.quantize(quantum, rounding=ROUND_HALF_UP, context=_CONTEXT))


def _old_step(s: Json) -> dict[str, Any]:
    return {
        "kind": s["kind"]["$enum"][1],
        "label": s["label"],
        "rule_id": s["rule_id"],
        "amount_delta": _str(s["amount_delta"]),
        "amount_after": _str(s["amount_after"]),
        "unit_price_after": _str(s["unit_price_after"]),
        "raises_price": s["raises_price"],
        "quote_level": s["quote_level"],
    }


def _old_breach(b: Json) -> dict[str, Any]:
    return {
        "code": b["code"]["$enum"][1],
        "line_key": b["line_id"],
        "threshold": _str(b["threshold"]),
        "actual": _str(b["actual"]),
        "message": b["message"],
        "rule_id": b["rule_id"],
    }


def _old_issue(e: Json) -> dict[str, Any]:
    return {
        "code": e["code"]["$enum"][1],
        "message": e["message"],
        "line_key": e["line_id"],
        "field": _items(e["field"]) or None,
        "rule_id": e["rule_id"],
    }


def _old_configuration(c: Json) -> dict[str, Any] | None:
    if c is None:
        return None
    violations = _items(c["violations"])
    return {
        "valid": not violations,
        "violations": [
            {
                "code": v["code"]["$enum"][1],
                "message": v["message"],
                "rule_id": v["rule_id"],
                "option_ids": [o for o in _items(v["option_ids"]) if o.isdigit()],
                "attribute": v["attribute"],
            }
            for v in violations
        ],
        "options": [
            {
                "source": o["source"]["$enum"][1],
                "quantity_per_parent": o["quantity_per_parent"],
                "quantity": o["quantity"],
                "rule_id": o["rule_id"],
                "option_id": _row_id(o["option_id"]),
                "product_id": _row_id(o["product_id"]),
            }
            for o in _items(c["options"])
        ],
    }


def _old_line(line: Json) -> dict[str, Any]:
    return {
        "key": line["line_id"],
        "parent_key": line["parent_line_id"],
        "product_id": _row_id(line["product_id"]),
        "quantity": line["quantity"],
        "list_unit_price": _str(line["list_unit_price"]),
        "list_amount": _money(line["list_amount"]),
        "net_unit_price": _str(line["net_unit_price"]),
        "net_amount": _money(line["net_amount"]),
        "discount_percent": _str(line["discount_percent"]),
        "cost_amount": _money(line["cost_amount"]),
        "margin_amount": _money(line["margin_amount"]),
        "margin_percent": _str(line["margin_percent"]),
        "steps": [_old_step(s) for s in _items(line["steps"])],
        "breaches": [_old_breach(b) for b in _items(line["breaches"])],
        "issues": [_old_issue(e) for e in _items(line["errors"])],
        "configuration": _old_configuration(line["configuration"]),
    }


def downgrade_snapshot(data: Json) -> dict[str, Any]:
    """A tagged ``PricedQuote`` as the old hand-made JSON."""
    return {
        "currency": data["currency"],
        "pricing_date": data["pricing_date"]["$date"],
        "lines": [_old_line(line) for line in _items(data["lines"])],
        "steps": [_old_step(s) for s in _items(data["steps"])],
        "list_total": _money(data["list_total"]),
        "net_total": _money(data["net_total"]),
        "discount_total": _money(data["discount_total"]),
        "total_discount_percent": _str(data["total_discount_percent"]),
        "cost_total": _money(data["cost_total"]),
        "margin_amount": _money(data["margin_amount"]),
        "margin_percent": _str(data["margin_percent"]),
        "breaches": [_old_breach(b) for b in _items(data["breaches"])],
        "issues": [_old_issue(e) for e in _items(data["errors"])],
    }


# --- the rewrite ------------------------------------------------------------


def _rewrite(convert: Any) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, quote_id, priced FROM quote_revisions ORDER BY id")).mappings().all()
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

    def convert(quote_id: int, data: dict[str, Any]) -> Json:
        if "$type" in data:  # already tagged
            return data
        return Upgrade(data["currency"], options).quote(quote_id, data)

    _rewrite(convert)


def downgrade() -> None:
    def convert(quote_id: int, data: dict[str, Any]) -> Json:
        return downgrade_snapshot(data) if "$type" in data else data

    _rewrite(convert)
