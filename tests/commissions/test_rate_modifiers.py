from decimal import Decimal as D

from commission_builders import amounts_by_component, credits_of, deal, line, period_of
from commission_plans import BASE_15, plan

from commissions import Measure, RateModifier, Scope

DEEP_DISCOUNT = RateModifier(
    "disc", "Discount over 20% halves the rate", Measure.DISCOUNT, D("0.5"), above=D("0.2")
)


def test_a_deal_discount_over_20_percent_halves_the_commission():
    result = period_of(
        plan(BASE_15, DEEP_DISCOUNT), credits_of(deal(line(amount="10000", discount="0.25")))
    )
    modifier = next(x for x in result.lines if x.component_id == "disc")
    assert (modifier.base, modifier.multiplier, modifier.amount) == (
        D("1500.00"),
        D("0.5"),
        D("-750.00"),
    )
    assert result.total == D("750.00")


def test_a_discount_of_exactly_20_percent_is_not_over_the_threshold():
    result = period_of(
        plan(BASE_15, DEEP_DISCOUNT), credits_of(deal(line(amount="10000", discount="0.2")))
    )
    assert amounts_by_component(result) == {"base": D("1500.00")}


def test_the_deal_discount_is_judged_on_the_whole_deal_not_each_line():
    sale = deal(
        line("L1", amount="9000", discount="0.1"), line("L2", amount="1000", discount="0.9")
    )
    # revenue-weighted: (900 + 900) / 10,000 = 18 % -> no cut, although line 2 is at 90 %
    assert period_of(plan(BASE_15, DEEP_DISCOUNT), credits_of(sale)).total == D("1500.00")


def test_a_line_scoped_modifier_cuts_only_the_deeply_discounted_line():
    per_line = RateModifier(
        "disc",
        "Line discount over 20%",
        Measure.DISCOUNT,
        D("0.5"),
        above=D("0.2"),
        scope=Scope.LINE,
    )
    sale = deal(
        line("L1", amount="9000", discount="0.1"), line("L2", amount="1000", discount="0.9")
    )
    result = period_of(plan(BASE_15, per_line), credits_of(sale))
    assert amounts_by_component(result) == {"base": D("1500.00"), "disc": D("-75.00")}
    assert next(x for x in result.lines if x.component_id == "disc").line_ids == ("L2",)


def test_a_low_margin_deal_earns_80_percent_of_the_rate():
    thin = RateModifier("margin", "Margin under 30%", Measure.MARGIN, D("0.8"), below=D("0.3"))
    result = period_of(plan(BASE_15, thin), credits_of(deal(line(amount="10000", margin="0.25"))))
    assert amounts_by_component(result) == {"base": D("1500.00"), "margin": D("-300.00")}


def test_a_margin_modifier_does_not_apply_when_margin_is_unknown():
    thin = RateModifier("margin", "Margin under 30%", Measure.MARGIN, D("0.8"), below=D("0.3"))
    assert period_of(plan(BASE_15, thin), credits_of(deal(line(amount="10000")))).total == D(
        "1500.00"
    )


def test_modifiers_compound_in_plan_order_each_on_the_commission_so_far():
    thin = RateModifier("margin", "Margin under 30%", Measure.MARGIN, D("0.8"), below=D("0.3"))
    sale = deal(line(amount="10000", discount="0.25", margin="0.25"))
    result = period_of(plan(BASE_15, DEEP_DISCOUNT, thin), credits_of(sale))
    assert amounts_by_component(result) == {
        "base": D("1500.00"),
        "disc": D("-750.00"),
        "margin": D("-150.00"),
    }
    assert result.total == D("600.00")
