"""The new engine values (unit amounts, fixed-amount lines, converted credit lines, rates)
round-trip exactly through the one tagged codec, and values stored before they existed
still decode."""

from datetime import date
from decimal import Decimal as D

import commissions as engine
from db.codec.commissions import (
    CODEC,
    components_json,
    components_of,
    credit_lines_of,
    encode_all,
    payout_lines_of,
)

UNIT = engine.UnitAmount(
    "units",
    "Widgets",
    amount_per_unit=D("5.00"),
    product_ids=("12",),
    families=("WIDGET",),
    tiers=(engine.UnitTier("10+", D(10), D("7.50")), engine.UnitTier("50+", D(50), D("8.5"))),
    amount_per_deal=D("100"),
)


def test_a_unit_amount_component_round_trips_exactly():
    stored = components_json([UNIT])
    assert components_of(stored) == (UNIT,)
    assert str(components_of(stored)[0].tiers[0].amount_per_unit) == "7.50"


def test_fixed_amount_payout_lines_and_converted_credit_lines_round_trip():
    payout = engine.PayoutLine(
        "units",
        engine.ComponentKind.UNIT_AMOUNT,
        "Widgets",
        D("84.00"),
        D("1000"),
        tier="10+",
        credit_id="C1",
        deal_id="D1",
        line_ids=("L1",),
        fixed_amount=D(7),
        quantity=D(-12),
    )
    line = engine.CreditLine("L1", "12", "WIDGET", D("1100.06"), D(3), D(0), None, D("1000.05"))
    assert payout_lines_of(encode_all([payout])) == (payout,)
    assert credit_lines_of(encode_all([line])) == (line,)
    rate = engine.ExchangeRate("EUR", "USD", D("1.0825"), date(2025, 1, 1))
    assert CODEC.decode_as(engine.ExchangeRate, CODEC.encode(rate)) == rate


def test_lines_stored_before_the_new_fields_still_decode_with_their_defaults():
    old_payout = engine.PayoutLine("b", engine.ComponentKind.BASE_RATE, "Base", D(1), D(10))
    data = encode_all([old_payout])
    for item in data:
        for key in ("fixed_amount", "quantity"):
            item.pop(key, None)
    assert payout_lines_of(data) == (old_payout,)
    old_line = engine.CreditLine("L1", "1", "", D(10), D(1), D(0), None)
    data = encode_all([old_line])
    data[0].pop("original_amount", None)
    assert credit_lines_of(data) == (old_line,)


def test_a_stood_clawback_line_carrying_its_sales_rules_round_trips_exactly():
    """A later return's line carries every per-credit rule of its sale (``UnitsStanding.table``):
    rates, modifiers, incentives and a per-transaction tier table come back as they went."""
    rules = (
        engine.BaseRate("base", "Base 10%", D("0.10")),
        engine.ProductRate("gadgets", "Gadgets", D("0.2"), families=("GADGET",)),
        engine.RateModifier("disc", "Discount", engine.Measure.DISCOUNT, D("0.5"), above=D("0.2")),
        engine.SegmentIncentive("ent", "Enterprise", segments=("ENT",), extra_rate=D("0.01")),
        UNIT,
        engine.QuotaTiers(
            "tiers",
            "Tiers",
            engine.TierMode.PER_TRANSACTION,
            (engine.Tier("Low", D(0), D(1)), engine.Tier("High", D("5000.0"), D(2))),
            basis=engine.TierBasis.AMOUNT,
        ),
    )
    standing = tuple(engine.UnitsStanding(rule.component_id, D(0), rule) for rule in rules)
    line = engine.CreditLine(
        "L1", "12", "WIDGET", D("-750"), D(-3), D(0), None, units_standing=standing
    )
    assert credit_lines_of(encode_all([line])) == (line,)
