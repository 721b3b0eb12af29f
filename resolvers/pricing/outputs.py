"""Engine results → a JSON snapshot → GraphQL types.

Quotes store the snapshot of their priced result, so a saved quote shows
exactly what was priced (and sent) without repricing; the live preview goes
through the same snapshot, so both read identically.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from strawberry import relay

import pricing as engine
from pricing.configuration import SelectionSource as SelectionSourceEnum
from pricing.configuration import ViolationCode
from pricing.guardrails import BreachCode
from pricing.reasons import ReasonCode
from pricing.waterfall import StepKind
from schema.money import Money
from schema.types.pricing import (
    ConfigurationResult,
    ConfigurationViolation,
    PriceBreach,
    PricedLine,
    PricedQuote,
    PricingIssue,
    ResolvedOption,
    WaterfallStep,
)

Json = dict[str, Any]


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _money(value: engine.Money | None) -> str | None:
    """A final amount, with exactly its currency's minor units (12.50 USD, 1200 JPY)."""
    if value is None:
        return None
    return str(value.amount.quantize(engine.minor_unit_quantum(value.currency)))


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


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _m(value: str | None, currency: str) -> Money | None:
    return None if value is None else Money(amount=Decimal(value), currency=currency)


def _step_type(data: Json, currency: str) -> WaterfallStep:
    return WaterfallStep(
        kind=StepKind(data["kind"]),
        label=data["label"],
        rule_id=data["rule_id"],
        amount_delta=Money(amount=Decimal(data["amount_delta"]), currency=currency),
        amount_after=Money(amount=Decimal(data["amount_after"]), currency=currency),
        unit_price_after=_d(data["unit_price_after"]),
        raises_price=data["raises_price"],
        quote_level=data["quote_level"],
    )


def _breach_type(data: Json) -> PriceBreach:
    return PriceBreach(
        code=BreachCode(data["code"]),
        line_key=data["line_key"],
        threshold=Decimal(data["threshold"]),
        actual=Decimal(data["actual"]),
        message=data["message"],
        rule_id=data["rule_id"],
    )


def issue_type(data: Json) -> PricingIssue:
    return PricingIssue(
        code=ReasonCode(data["code"]),
        message=data["message"],
        line_key=data["line_key"],
        field=data["field"],
        rule_id=data["rule_id"],
    )


def configuration_type(data: Json) -> ConfigurationResult:
    return ConfigurationResult(
        valid=data["valid"],
        violations=[
            ConfigurationViolation(
                code=ViolationCode(v["code"]),
                message=v["message"],
                rule_id=v["rule_id"],
                option_ids=[relay.GlobalID("BundleOption", o) for o in v["option_ids"]],
                attribute=v["attribute"],
            )
            for v in data["violations"]
        ],
        options=[
            ResolvedOption(
                source=SelectionSourceEnum(o["source"]),
                quantity_per_parent=o["quantity_per_parent"],
                quantity=o["quantity"],
                rule_id=o["rule_id"],
                option_id=o["option_id"],
                product_id=o["product_id"],
            )
            for o in data["options"]
        ],
    )


def line_type(data: Json, currency: str) -> PricedLine:
    return PricedLine(
        key=data["key"],
        parent_key=data["parent_key"],
        quantity=data["quantity"],
        list_unit_price=_d(data["list_unit_price"]),
        list_amount=_m(data["list_amount"], currency),
        net_unit_price=_d(data["net_unit_price"]),
        net_amount=_m(data["net_amount"], currency),
        discount_percent=_d(data["discount_percent"]),
        steps=[_step_type(s, currency) for s in data["steps"]],
        breaches=[_breach_type(b) for b in data["breaches"]],
        issues=[issue_type(e) for e in data["issues"]],
        configuration=configuration_type(data["configuration"]) if data["configuration"] else None,
        product_id=data["product_id"],
        cost=_m(data["cost_amount"], currency),
        margin=_m(data["margin_amount"], currency),
        margin_pct=_d(data["margin_percent"]),
    )


def priced_quote_type(data: Json) -> PricedQuote:
    from datetime import date

    currency = data["currency"]
    zero = Money(amount=Decimal(0), currency=currency)
    return PricedQuote(
        currency=currency,
        pricing_date=date.fromisoformat(data["pricing_date"]),
        lines=[line_type(item, currency) for item in data["lines"]],
        steps=[_step_type(s, currency) for s in data["steps"]],
        list_total=_m(data["list_total"], currency) or zero,
        net_total=_m(data["net_total"], currency) or zero,
        discount_total=_m(data["discount_total"], currency) or zero,
        total_discount_percent=_d(data["total_discount_percent"]),
        breaches=[_breach_type(b) for b in data["breaches"]],
        issues=[issue_type(e) for e in data["issues"]],
        cost=_m(data["cost_total"], currency),
        margin=_m(data["margin_amount"], currency),
        margin_pct=_d(data["margin_percent"]),
    )


def priced_quote(result: engine.PricedQuote, extra_issues: list[Json] | None = None) -> PricedQuote:
    return priced_quote_type(snapshot(result, extra_issues))


def configuration(result: engine.ConfigurationResult) -> ConfigurationResult:
    return configuration_type(configuration_json(result))
