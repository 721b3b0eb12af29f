"""A revision's stored snapshot read through ``StoredPricing`` (issue 15): the same answer as
the fully decoded engine value, each line decoded at most once and only when asked for, and
one decode per revision per request."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import pricing as engine
from db.codec.pricing import CODEC
from pricing.guardrails import BreachCode
from pricing.reasons import ReasonCode
from pricing.waterfall import StepKind
from schema.types import pricing_snapshot
from schema.types.pricing_snapshot import StoredPricing, StoredPricings, priced_quote_type


def usd(amount: str) -> engine.Money:
    return engine.Money(Decimal(amount), "USD")


def steps(n: int) -> tuple[engine.WaterfallStep, ...]:
    return tuple(
        engine.WaterfallStep(
            kind, f"{kind.value} {n}", None, Decimal("-1.5"), Decimal(100 + n), None
        )
        for kind in (StepKind.LIST_PRICE, StepKind.LINE_DISCOUNT, StepKind.NET)
    )


def line(key: str, parent: str | None = None, *, failed: bool = False) -> engine.PricedLine:
    if failed:
        error = engine.PricingError(ReasonCode.NO_PRICE, "no price", key)
        return engine.PricedLine(key, parent, "7", 1, errors=(error,))
    return engine.PricedLine(
        key,
        parent,
        "7",
        2,
        steps(len(key)),
        Decimal("50.125"),
        usd("100.25"),
        Decimal("49"),
        usd("98"),
        Decimal("2.24"),
    )


def snapshot(*, failed: bool = False) -> engine.PricedQuote:
    lines = (
        line("L1"),
        line("L2"),
        line("L2/a", "L2"),
        line("L2/b", "L2"),
        line("L3", failed=failed),
    )
    breach = engine.GuardrailBreach(
        BreachCode.BELOW_FLOOR, "L1", Decimal("50"), Decimal("49"), "low"
    )
    errors = tuple(e for item in lines for e in item.errors)
    return engine.PricedQuote(
        "1", "USD", date(2026, 11, 30), lines, steps(0), usd("401"), usd("392"), usd("9"),
        Decimal("2.24"), None, None, None, (breach,), errors,
    )  # fmt: skip


def stored(value: engine.PricedQuote) -> dict[str, Any]:
    encoded = CODEC.encode(value)
    assert isinstance(encoded, dict)
    return encoded


def shown(line: Any) -> dict[str, Any]:
    """A priced line's fields (not its resolvers)."""
    return {name: value for name, value in asdict(line).items() if not callable(value)}


@pytest.mark.parametrize("failed", [False, True])
def test_it_answers_as_the_decoded_snapshot_does(failed: bool) -> None:
    value = snapshot(failed=failed)
    eager, lazy = priced_quote_type(value), StoredPricing(stored(value)).quote_type()

    assert [shown(line) for line in lazy.parts.lines()] == [
        shown(line) for line in eager.parts.lines()
    ]
    for part in ("steps", "breaches", "issues", "priced"):
        assert getattr(lazy.parts, part)() == getattr(eager.parts, part)(), part
    for total in ("list_total", "net_total", "discount_total", "total_discount_percent"):
        assert getattr(lazy, total) == getattr(eager, total), total
    assert lazy.parts.priced() is not failed


def test_a_line_is_found_by_key_and_decoded_once_when_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decoded: list[Any] = []
    real = pricing_snapshot._decoded

    def counting(value: Any, expected: type[Any]) -> Any:
        decoded.append(expected)
        return real(value, expected)

    monkeypatch.setattr(pricing_snapshot, "_decoded", counting)
    pricing = StoredPricing(stored(snapshot()))
    assert decoded == []  # the totals need no line

    first = pricing.line("L2")
    children = pricing.children("L2")
    again = pricing.line("L2")

    assert first is again and first is not None and first.key == "L2"
    assert [child.key for child in children] == ["L2/a", "L2/b"]
    assert decoded == [engine.PricedLine] * 3  # L2 and its two children, once each
    assert pricing.line("L9") is None and pricing.children("L1") == []
    assert pricing.breach_count() == 1


def test_a_request_decodes_each_revision_once_and_again_after_a_change() -> None:
    pricings = StoredPricings()
    json = stored(snapshot())

    first = pricings.of(5, json)

    assert pricings.of(5, json) is first
    assert pricings.of(5, stored(snapshot())) is not first  # the row was read again
    assert pricings.of(6, json) is not first
