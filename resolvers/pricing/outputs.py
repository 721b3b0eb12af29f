"""Engine results → a JSON snapshot → GraphQL types.

Quotes store the snapshot of their priced result, so a saved quote shows
exactly what was priced (and sent) without repricing; the live preview goes
through the same snapshot, so both read identically.
"""

from __future__ import annotations

from decimal import Decimal

import pricing as engine
from schema.types.pricing import ConfigurationResult, PricedQuote
from schema.types.pricing_snapshot import Json, configuration_type, priced_quote_type


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _money(value: engine.Money | None) -> str | None:
    """A final amount, with exactly its currency's minor units (12.50 USD, 1200 JPY), half-up."""
    if value is None:
        return None
    return str(engine.round_money(value.amount, value.currency))


def _step(step: engine.WaterfallStep) -> Json:
    return {
        "kind": step.kind.value,
        "label": step.label,
        "rule_id": step.rule_id,
        "amount_delta": str(step.amount_delta),
        "amount_after": str(step.amount_after),
        "unit_price_after": _dec(step.unit_price_after),
        "raises_price": step.raises_price,
        "quote_level": step.quote_level,
    }


def _breach(breach: engine.GuardrailBreach) -> Json:
    return {
        "code": breach.code.value,
        "line_key": breach.line_id,
        "threshold": str(breach.threshold),
        "actual": str(breach.actual),
        "message": breach.message,
        "rule_id": breach.rule_id,
    }


def issue_json(error: engine.PricingError) -> Json:
    return {
        "code": error.code.value,
        "message": error.message,
        "line_key": error.line_id,
        "field": list(error.field) or None,
        "rule_id": error.rule_id,
    }


def configuration_json(result: engine.ConfigurationResult) -> Json:
    return {
        "valid": result.valid,
        "violations": [
            {
                "code": v.code.value,
                "message": v.message,
                "rule_id": v.rule_id,
                "option_ids": [o for o in v.option_ids if o.isdigit()],
                "attribute": v.attribute,
            }
            for v in result.violations
        ],
        "options": [
            {
                "source": o.source.value,
                "quantity_per_parent": o.quantity_per_parent,
                "quantity": o.quantity,
                "rule_id": o.rule_id,
                "option_id": int(o.option_id) if o.option_id.isdigit() else -1,
                "product_id": int(o.product_id) if o.product_id.isdigit() else -1,
            }
            for o in result.options
        ],
    }


def _line(line: engine.PricedLine) -> Json:
    return {
        "key": line.line_id,
        "parent_key": line.parent_line_id,
        "product_id": int(line.product_id) if line.product_id.isdigit() else -1,
        "quantity": line.quantity,
        "list_unit_price": _dec(line.list_unit_price),
        "list_amount": _money(line.list_amount),
        "net_unit_price": _dec(line.net_unit_price),
        "net_amount": _money(line.net_amount),
        "discount_percent": _dec(line.discount_percent),
        "cost_amount": _money(line.cost_amount),
        "margin_amount": _money(line.margin_amount),
        "margin_percent": _dec(line.margin_percent),
        "steps": [_step(s) for s in line.steps],
        "breaches": [_breach(b) for b in line.breaches],
        "issues": [issue_json(e) for e in line.errors],
        "configuration": configuration_json(line.configuration) if line.configuration else None,
    }


def snapshot(result: engine.PricedQuote, extra_issues: list[Json] | None = None) -> Json:
    """The JSON a quote revision stores."""
    return {
        "currency": result.currency,
        "pricing_date": result.pricing_date.isoformat(),
        "lines": [_line(line) for line in result.lines],
        "steps": [_step(s) for s in result.steps],
        "list_total": _money(result.list_total),
        "net_total": _money(result.net_total),
        "discount_total": _money(result.discount_total),
        "total_discount_percent": _dec(result.total_discount_percent),
        "cost_total": _money(result.cost_total),
        "margin_amount": _money(result.margin_amount),
        "margin_percent": _dec(result.margin_percent),
        "breaches": [_breach(b) for b in result.breaches],
        "issues": [*(extra_issues or []), *(issue_json(e) for e in result.errors)],
    }


def priced_quote(result: engine.PricedQuote, extra_issues: list[Json] | None = None) -> PricedQuote:
    return priced_quote_type(snapshot(result, extra_issues))


def configuration(result: engine.ConfigurationResult) -> ConfigurationResult:
    return configuration_type(configuration_json(result))
