"""Each condition type, by hand: what triggers it and what it reports."""

from approvals_builders import d, line, quote, rule

from approvals import (
    BreachCodeIn,
    ConditionHit,
    ConditionKind,
    DealSizeAbove,
    Dimension,
    FamilyIn,
    LineDiscountAbove,
    MarginBelow,
    NetBelowFloor,
    NonStandardClauses,
    ProductIn,
    SegmentIn,
    TotalDiscountAbove,
)
from approvals.rules import rule_hits

NO_AUTHORITY = d(0)


def test_line_discount_above_threshold_reports_each_line_with_observed_and_threshold() -> None:
    facts = quote(line("L2", discount="25"), line("L1", discount="30"), line("L3", discount="5"))

    hits = LineDiscountAbove(d(20)).hits(facts, NO_AUTHORITY)

    assert hits == (
        ConditionHit(
            ConditionKind.LINE_DISCOUNT_ABOVE, Dimension.LINE_DISCOUNT, d(30), d(20), "L1"
        ),
        ConditionHit(
            ConditionKind.LINE_DISCOUNT_ABOVE, Dimension.LINE_DISCOUNT, d(25), d(20), "L2"
        ),
    )


def test_line_discount_equal_to_threshold_does_not_trigger() -> None:
    assert LineDiscountAbove(d(20)).hits(quote(line(discount="20")), NO_AUTHORITY) == ()


def test_line_discount_within_rep_authority_does_not_trigger() -> None:
    facts = quote(line(discount="8"))

    assert LineDiscountAbove(d(5)).hits(facts, d(10)) == ()


def test_line_discount_beyond_rep_authority_reports_authority_as_threshold() -> None:
    facts = quote(line(discount="12"))

    (hit,) = LineDiscountAbove(d(5)).hits(facts, d(10))

    assert (hit.observed, hit.threshold) == (d(12), d(10))


def test_line_discount_scoped_to_a_family_ignores_other_families() -> None:
    facts = quote(
        line("L1", family="HARDWARE", discount="30"), line("L2", family="SOFTWARE", discount="30")
    )

    hits = LineDiscountAbove(d(20), families=("HARDWARE",)).hits(facts, NO_AUTHORITY)

    assert [h.line_id for h in hits] == ["L1"]


def test_line_discount_scoped_to_products_ignores_other_products() -> None:
    facts = quote(line("L1", product="A", discount="30"), line("L2", product="B", discount="30"))

    hits = LineDiscountAbove(d(20), product_ids=("B",)).hits(facts, NO_AUTHORITY)

    assert [h.line_id for h in hits] == ["L2"]


def test_total_discount_above_threshold_triggers_once() -> None:
    hits = TotalDiscountAbove(d(15)).hits(quote(total_discount="16"), NO_AUTHORITY)

    assert hits == (
        ConditionHit(ConditionKind.TOTAL_DISCOUNT_ABOVE, Dimension.TOTAL_DISCOUNT, d(16), d(15)),
    )


def test_total_discount_within_rep_authority_does_not_trigger() -> None:
    assert TotalDiscountAbove(d(5)).hits(quote(total_discount="9"), d(10)) == ()


def test_net_below_floor_reports_net_against_floor() -> None:
    facts = quote(line("L1", net="80", floor="90"), line("L2", net="95", floor="90"), line("L3"))

    hits = NetBelowFloor().hits(facts, NO_AUTHORITY)

    assert [(h.line_id, h.observed, h.threshold) for h in hits] == [("L1", d(80), d(90))]


def test_net_at_floor_is_not_below_it() -> None:
    assert NetBelowFloor().hits(quote(line(net="90", floor="90")), NO_AUTHORITY) == ()


def test_margin_below_minimum_triggers() -> None:
    (hit,) = MarginBelow(d(25)).hits(quote(margin="20"), NO_AUTHORITY)

    assert (hit.dimension, hit.observed, hit.threshold) == (Dimension.MARGIN, d(20), d(25))


def test_unknown_margin_triggers_only_when_the_rule_says_so() -> None:
    facts = quote(margin=None)

    assert MarginBelow(d(25)).hits(facts, NO_AUTHORITY) == ()
    assert MarginBelow(d(25), when_unknown=True).hits(facts, NO_AUTHORITY)[0].observed is None


def test_deal_size_above_amount_triggers_in_the_same_currency() -> None:
    (hit,) = DealSizeAbove(d(100000), "USD").hits(quote(total_net="150000"), NO_AUTHORITY)

    assert (hit.observed, hit.threshold) == (d(150000), d(100000))


def test_deal_size_in_another_currency_does_not_match() -> None:
    facts = quote(total_net="150000", currency="EUR")

    assert DealSizeAbove(d(100000), "USD").hits(facts, NO_AUTHORITY) == ()


def test_non_standard_clauses_trigger_only_when_present() -> None:
    assert NonStandardClauses().hits(quote(non_standard=True), NO_AUTHORITY)[0].observed is True
    assert NonStandardClauses().hits(quote(), NO_AUTHORITY) == ()


def test_product_in_reports_each_line_selling_a_listed_product() -> None:
    facts = quote(line("L1", product="P-AI"), line("L2", product="P-CRM"))

    hits = ProductIn(("P-AI", "P-X")).hits(facts, NO_AUTHORITY)

    assert [(h.line_id, h.observed, h.threshold) for h in hits] == [("L1", "P-AI", ("P-AI", "P-X"))]


def test_family_in_reports_each_line_of_a_listed_family() -> None:
    facts = quote(line("L1", family="SERVICES"), line("L2", family="SOFTWARE"))

    hits = FamilyIn(("SERVICES",)).hits(facts, NO_AUTHORITY)

    assert [h.line_id for h in hits] == ["L1"]


def test_segment_in_triggers_for_a_listed_segment_only() -> None:
    assert (
        SegmentIn(("PUBLIC",)).hits(quote(segment="PUBLIC"), NO_AUTHORITY)[0].observed == "PUBLIC"
    )
    assert SegmentIn(("PUBLIC",)).hits(quote(segment="SMB"), NO_AUTHORITY) == ()


def test_breach_code_in_reports_each_listed_code_present() -> None:
    facts = quote(breaches=("MAX_DISCOUNT", "BELOW_FLOOR", "OTHER"))

    hits = BreachCodeIn(("BELOW_FLOOR", "MAX_DISCOUNT")).hits(facts, NO_AUTHORITY)

    assert [h.observed for h in hits] == ["BELOW_FLOOR", "MAX_DISCOUNT"]


def test_a_rule_applies_only_when_all_its_conditions_hold() -> None:
    both = rule("R", SegmentIn(("ENT",)), TotalDiscountAbove(d(10)))

    assert rule_hits(both, quote(segment="ENT", total_discount="5"), NO_AUTHORITY) is None
    hits = rule_hits(both, quote(segment="ENT", total_discount="12"), NO_AUTHORITY)
    assert hits is not None and [h.kind for h in hits] == [
        ConditionKind.SEGMENT_IN,
        ConditionKind.TOTAL_DISCOUNT_ABOVE,
    ]


def test_a_rule_without_conditions_applies_to_every_quote() -> None:
    assert rule_hits(rule("ALWAYS"), quote(), NO_AUTHORITY) == ()


def test_an_inactive_rule_never_applies() -> None:
    inactive = rule("OFF", SegmentIn(("SMB",)), active=False)

    assert rule_hits(inactive, quote(segment="SMB"), NO_AUTHORITY) is None
