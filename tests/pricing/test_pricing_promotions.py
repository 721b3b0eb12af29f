"""Promotions: effective-dated, by product/family/segment, stackable or exclusive by priority."""

from datetime import date
from typing import Any

import pytest
from pricing_test_data import book, d, kinds, line, money, product, request

from pricing import (
    AmountOff,
    Money,
    PercentOff,
    PricedLine,
    Promotion,
    ReasonCode,
    StepKind,
    choose_promotions,
    price_quote,
)

BOOK = book("std", {"p": "100", "x": "100"})
PRODUCTS = [product("p", family="saas"), product("x", family="hardware")]


def promotions_on(*promotions: Promotion, product_id: str = "p", **fields: Any) -> PricedLine:
    quote = price_quote(
        request(
            [line("l1", product_id, 2)], PRODUCTS, books=[BOOK], promotions=promotions, **fields
        )
    )
    return quote.line("l1")


def applied(priced: PricedLine) -> list[str | None]:
    return [s.rule_id for s in priced.steps if s.kind is StepKind.PROMOTION]


def test_stackable_promotions_apply_in_priority_order_each_on_the_previous_price() -> None:
    ten_percent = Promotion("pct", "Spring", PercentOff(d(10)), priority=2)
    five_off = Promotion("amt", "Loyalty", AmountOff(money("5")), priority=1)
    result = promotions_on(ten_percent, five_off)
    assert applied(result) == ["amt", "pct"]
    # (2 × 100 − 2 × 5) × 0.9
    assert result.net_amount == money("171.00")
    labels = [s.label for s in result.steps if s.kind is StepKind.PROMOTION]
    assert labels == ["Promotion Loyalty: 5.00 USD off", "Promotion Spring: 10% off"]


def test_the_exclusive_promotion_with_the_best_priority_wins_over_all_others() -> None:
    stackable = Promotion("s", "Stack", PercentOff(d(10)), priority=1)
    best = Promotion("e1", "Best", PercentOff(d(20)), priority=5, stackable=False)
    other = Promotion("e2", "Other", PercentOff(d(30)), priority=9, stackable=False)
    result = promotions_on(stackable, other, best)
    assert applied(result) == ["e1"]
    assert result.net_amount == money("160.00")


def test_ties_on_priority_are_broken_by_id() -> None:
    b = Promotion("b", "B", PercentOff(d(1)), priority=1, stackable=False)
    a = Promotion("a", "A", PercentOff(d(2)), priority=1, stackable=False)
    assert choose_promotions([b, a]) == (a,)


def test_a_promotion_applies_from_its_start_until_the_day_before_its_end() -> None:
    march = Promotion(
        "m", "March", PercentOff(d(10)), valid_from=date(2025, 3, 1), valid_to=date(2025, 4, 1)
    )
    assert applied(promotions_on(march, pricing_date=date(2025, 3, 1))) == ["m"]
    assert applied(promotions_on(march, pricing_date=date(2025, 3, 31))) == ["m"]
    assert applied(promotions_on(march, pricing_date=date(2025, 4, 1))) == []
    assert applied(promotions_on(march, pricing_date=date(2025, 2, 28))) == []


def test_a_segment_promotion_applies_only_to_accounts_in_that_segment() -> None:
    smb = Promotion("smb", "SMB", PercentOff(d(10)), segment="smb")
    enterprise = Promotion("ent", "Enterprise", PercentOff(d(10)), segment="enterprise")
    assert applied(promotions_on(smb, enterprise)) == ["smb"]


def test_a_family_promotion_applies_to_the_familys_products_only() -> None:
    saas = Promotion("saas", "SaaS", PercentOff(d(10)), family="saas")
    assert applied(promotions_on(saas)) == ["saas"]
    assert applied(promotions_on(saas, product_id="x")) == []


def test_a_product_promotion_applies_to_that_product_only() -> None:
    only_x = Promotion("px", "X only", PercentOff(d(10)), product_id="x")
    assert applied(promotions_on(only_x)) == []
    assert applied(promotions_on(only_x, product_id="x")) == ["px"]


def test_an_amount_off_never_takes_the_price_below_zero() -> None:
    huge = Promotion("huge", "Huge", AmountOff(money("150")))
    result = promotions_on(huge)
    assert result.net_amount == money("0.00")
    assert kinds(result)[-1] is StepKind.NET


def test_a_promotion_amount_in_another_currency_is_a_mismatch() -> None:
    euro = Promotion("eur", "Euro", AmountOff(Money(d(5), "EUR")))
    result = promotions_on(euro)
    assert [(e.code, e.rule_id) for e in result.errors] == [(ReasonCode.CURRENCY_MISMATCH, "eur")]


def test_a_promotion_that_would_raise_prices_is_refused_at_construction() -> None:
    with pytest.raises(ValueError):
        Promotion("bad", "Bad", PercentOff(d(-5)))
    with pytest.raises(ValueError):
        Promotion("bad", "Bad", PercentOff(d(5)), product_id="p", family="saas")
