"""The commissions engine's values ↔ JSON, for the JSONB columns that store them.

Plan components, credit lines, the period state and explained payout lines are
stored as JSON; decimals travel as strings so nothing is ever a float. Each
``*_json`` has its ``*_from_json`` inverse and a round trip gives back an equal value.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import commissions as engine
from schema.decimals import stored_decimal
from commissions.state import EarnedAmount, PeriodState, SpifCounter

Json = dict[str, Any]


def _d(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _num(value: str) -> Decimal:
    """A stored decimal, bounded (see ``schema.decimals.stored_decimal``)."""
    return stored_decimal(value)


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else _num(value)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


# --- plan components -------------------------------------------------------------------


def component_json(c: engine.Component) -> Json:
    head = {"component_id": c.component_id, "label": c.label}
    match c:
        case engine.BaseRate():
            return {"kind": "BASE_RATE", **head, "rate": str(c.rate), **_ceiling(c.rate_ceiling)}
        case engine.ProductRate():
            return {
                "kind": "PRODUCT_RATE",
                **head,
                "rate": str(c.rate),
                "product_ids": list(c.product_ids),
                "families": list(c.families),
                "counts_toward_quota": c.counts_toward_quota,
                **_ceiling(c.rate_ceiling),
            }
        case engine.RateModifier():
            return {
                "kind": "RATE_MODIFIER",
                **head,
                "measure": c.measure.value,
                "multiplier": str(c.multiplier),
                "above": _d(c.above),
                "below": _d(c.below),
                "scope": c.scope.value,
            }
        case engine.TimingAccelerator():
            return {
                "kind": "TIMING_ACCELERATOR",
                **head,
                "multiplier": str(c.multiplier),
                "anchor": c.anchor.value,
                "edge": c.edge.value,
                "days": c.days,
                "months": c.months,
            }
        case engine.SegmentIncentive():
            return {
                "kind": "SEGMENT_INCENTIVE",
                **head,
                "segments": list(c.segments),
                "industries": list(c.industries),
                "new_logo_only": c.new_logo_only,
                "extra_rate": str(c.extra_rate),
                "amount_per_deal": str(c.amount_per_deal),
            }
        case engine.QuotaTiers():
            return {
                "kind": "QUOTA_TIERS",
                **head,
                "mode": c.mode.value,
                "tiers": [tier_json(t) for t in c.tiers],
                "gate": _d(c.gate),
                "max_attainment": _d(c.max_attainment),
            }
        case engine.PayoutCap():
            return {"kind": "PAYOUT_CAP", **head, "max_payout": str(c.max_payout)}
        case engine.Spif():
            return {
                "kind": "SPIF",
                **head,
                "window_start": c.window_start.isoformat(),
                "window_end": c.window_end.isoformat(),
                "target": str(c.target),
                "award": {
                    "kind": c.award.kind.value,
                    "value": str(c.award.value),
                    "description": c.award.description,
                },
                "measure": c.measure.value,
                "product_ids": list(c.product_ids),
                "families": list(c.families),
            }
    raise TypeError(f"not a component: {c!r}")


def _ceiling(ceiling: Decimal) -> Json:
    """Only a raised ceiling is written, so plans stored before ceilings existed read the same."""
    return {} if ceiling == 1 else {"rate_ceiling": str(ceiling)}


def tier_json(tier: engine.Tier) -> Json:
    return {"name": tier.name, "floor": str(tier.floor), "multiplier": str(tier.multiplier)}


def tier_from_json(data: Json) -> engine.Tier:
    return engine.Tier(data["name"], _num(data["floor"]), _num(data["multiplier"]))


def component_from_json(data: Json) -> engine.Component:
    cid, label = data["component_id"], data["label"]
    match data["kind"]:
        case "BASE_RATE":
            return engine.BaseRate(cid, label, _num(data["rate"]), _num(data.get("rate_ceiling", "1")))
        case "PRODUCT_RATE":
            return engine.ProductRate(
                cid,
                label,
                _num(data["rate"]),
                tuple(data["product_ids"]),
                tuple(data["families"]),
                data["counts_toward_quota"],
                _num(data.get("rate_ceiling", "1")),
            )
        case "RATE_MODIFIER":
            return engine.RateModifier(
                cid,
                label,
                engine.Measure(data["measure"]),
                _num(data["multiplier"]),
                _dec(data["above"]),
                _dec(data["below"]),
                engine.Scope(data["scope"]),
            )
        case "TIMING_ACCELERATOR":
            return engine.TimingAccelerator(
                cid,
                label,
                _num(data["multiplier"]),
                engine.PeriodKind(data["anchor"]),
                engine.Edge(data["edge"]),
                data["days"],
                data["months"],
            )
        case "SEGMENT_INCENTIVE":
            return engine.SegmentIncentive(
                cid,
                label,
                tuple(data["segments"]),
                tuple(data["industries"]),
                data["new_logo_only"],
                _num(data["extra_rate"]),
                _num(data["amount_per_deal"]),
            )
        case "QUOTA_TIERS":
            return engine.QuotaTiers(
                cid,
                label,
                engine.TierMode(data["mode"]),
                tuple(tier_from_json(t) for t in data["tiers"]),
                _dec(data["gate"]),
                _dec(data["max_attainment"]),
            )
        case "PAYOUT_CAP":
            return engine.PayoutCap(cid, label, _num(data["max_payout"]))
        case "SPIF":
            award = data["award"]
            return engine.Spif(
                cid,
                label,
                date.fromisoformat(data["window_start"]),
                date.fromisoformat(data["window_end"]),
                _num(data["target"]),
                engine.Award(
                    engine.AwardKind(award["kind"]), _num(award["value"]), award["description"]
                ),
                engine.SpifMeasure(data["measure"]),
                tuple(data["product_ids"]),
                tuple(data["families"]),
            )
    raise ValueError(f"unknown component kind {data['kind']}")


# --- credits ---------------------------------------------------------------------------


def account_json(account: engine.Account) -> Json:
    return {"segment": account.segment, "industry": account.industry, "new_logo": account.new_logo}


def account_from_json(data: Json) -> engine.Account:
    return engine.Account(data["segment"], data["industry"], data["new_logo"])


def credit_line_json(line: engine.CreditLine) -> Json:
    return {
        "line_id": line.line_id,
        "product_id": line.product_id,
        "family": line.family,
        "amount": str(line.amount),
        "quantity": str(line.quantity),
        "discount": str(line.discount),
        "margin": _d(line.margin),
    }


def credit_line_from_json(data: Json) -> engine.CreditLine:
    return engine.CreditLine(
        data["line_id"],
        data["product_id"],
        data["family"],
        _num(data["amount"]),
        _num(data["quantity"]),
        _num(data["discount"]),
        _dec(data["margin"]),
    )


def original_key(clawback_key: str) -> str:
    """The credit a clawback mirrors: the engine names a clawback ``<original>~<reversal>``."""
    return clawback_key.rsplit("~", 1)[0]


# --- the period state ----------------------------------------------------------------


def period_json(period: engine.FiscalPeriod) -> Json:
    return {
        "kind": period.kind.value,
        "fiscal_year": period.fiscal_year,
        "index": period.index,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def period_from_json(data: Json) -> engine.FiscalPeriod:
    return engine.FiscalPeriod(
        engine.PeriodKind(data["kind"]),
        data["fiscal_year"],
        data["index"],
        date.fromisoformat(data["start"]),
        date.fromisoformat(data["end"]),
    )


def assignment_json(a: engine.Assignment) -> Json:
    return {
        "assignment_id": a.assignment_id,
        "rep_id": a.rep_id,
        "plan_id": a.plan_id,
        "start": a.start.isoformat(),
        "end": a.end.isoformat() if a.end else None,
        "quota": str(a.quota),
        "ote": _d(a.on_target_earnings),
    }


def assignment_from_json(data: Json) -> engine.Assignment:
    return engine.Assignment(
        data["assignment_id"],
        data["rep_id"],
        data["plan_id"],
        date.fromisoformat(data["start"]),
        _day(data["end"]),
        _num(data["quota"]),
        _dec(data["ote"]),
    )


def spif_counter_json(counter: SpifCounter) -> Json:
    return {
        "component_id": counter.component_id,
        "progress": str(counter.progress),
        "awarded": counter.awarded,
    }


def spif_counter_from_json(data: Json) -> SpifCounter:
    return SpifCounter(data["component_id"], _num(data["progress"]), data["awarded"])


def state_json(state: PeriodState) -> Json:
    return {
        "assignment": assignment_json(state.assignment),
        "period": period_json(state.period),
        "period_version": state.period_version,
        "currency": state.currency,
        "credited_revenue": str(state.credited_revenue),
        "quota_revenue": str(state.quota_revenue),
        "tier_base": str(state.tier_base),
        "earned": [
            {"component_id": e.component_id, "kind": e.kind.value, "amount": str(e.amount)}
            for e in state.earned
        ],
        "spifs": [spif_counter_json(c) for c in state.spifs],
        "credit_count": state.credit_count,
        "last_key": None
        if state.last_key is None
        else [state.last_key[0].isoformat(), state.last_key[1], state.last_key[2]],
    }


def state_from_json(data: Json) -> PeriodState:
    last = data["last_key"]
    return PeriodState(
        assignment=assignment_from_json(data["assignment"]),
        period=period_from_json(data["period"]),
        period_version=data["period_version"],
        currency=data["currency"],
        credited_revenue=_num(data["credited_revenue"]),
        quota_revenue=_num(data["quota_revenue"]),
        tier_base=_num(data["tier_base"]),
        earned=tuple(
            EarnedAmount(e["component_id"], engine.ComponentKind(e["kind"]), _num(e["amount"]))
            for e in data["earned"]
        ),
        spifs=tuple(spif_counter_from_json(c) for c in data["spifs"]),
        credit_count=data["credit_count"],
        last_key=None if last is None else (date.fromisoformat(last[0]), last[1], last[2]),
    )


# --- explained lines -------------------------------------------------------------------


def payout_line_json(line: engine.PayoutLine) -> Json:
    return {
        "component_id": line.component_id,
        "kind": line.kind.value,
        "label": line.label,
        "amount": str(line.amount),
        "base": str(line.base),
        "rate": _d(line.rate),
        "multiplier": _d(line.multiplier),
        "tier": line.tier,
        "credit_id": line.credit_id,
        "deal_id": line.deal_id,
        "line_ids": list(line.line_ids),
        "clawback": line.clawback,
    }


def payout_line_from_json(data: Json) -> engine.PayoutLine:
    return engine.PayoutLine(
        component_id=data["component_id"],
        kind=engine.ComponentKind(data["kind"]),
        label=data["label"],
        amount=_num(data["amount"]),
        base=_num(data["base"]),
        rate=_dec(data["rate"]),
        multiplier=_dec(data["multiplier"]),
        tier=data["tier"],
        credit_id=data["credit_id"],
        deal_id=data["deal_id"],
        line_ids=tuple(data["line_ids"]),
        clawback=data["clawback"],
    )


def component_total_json(total: engine.ComponentTotal) -> Json:
    return {
        "component_id": total.component_id,
        "kind": total.kind.value,
        "label": total.label,
        "amount": str(total.amount),
    }


def component_total_from_json(data: Json) -> engine.ComponentTotal:
    return engine.ComponentTotal(
        data["component_id"],
        engine.ComponentKind(data["kind"]),
        data["label"],
        _num(data["amount"]),
    )


def award_json(award: engine.SpifAward) -> Json:
    return {
        "component_id": award.component_id,
        "label": award.label,
        "kind": award.kind.value,
        "value": str(award.value),
        "description": award.description,
        "progress": str(award.progress),
        "target": str(award.target),
    }


def award_from_json(data: Json) -> engine.SpifAward:
    return engine.SpifAward(
        data["component_id"],
        data["label"],
        engine.AwardKind(data["kind"]),
        _num(data["value"]),
        data["description"],
        _num(data["progress"]),
        _num(data["target"]),
    )
