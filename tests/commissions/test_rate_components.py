from decimal import Decimal as D

from commission_builders import amounts_by_component, credits_of, deal, line, period_of
from commission_plans import BASE_15, plan

from commissions import ComponentKind, ProductRate

PRODUCT_X = ProductRate("x", "Product X 20%", D("0.20"), product_ids=("X",))


def test_base_rate_pays_15_percent_of_credited_revenue():
    result = period_of(plan(BASE_15), credits_of(deal(line(amount="10000"))))
    (payout,) = result.lines
    assert (payout.kind, payout.rate, payout.base, payout.amount) == (
        ComponentKind.BASE_RATE,
        D("0.15"),
        D(10000),
        D("1500.00"),
    )
    assert result.total == D("1500.00")


def test_a_product_rate_replaces_the_base_rate_on_its_lines_only():
    sale = deal(line("L1", "X", "10000"), line("L2", "P", "5000"))
    result = period_of(plan(BASE_15, PRODUCT_X), credits_of(sale))
    assert amounts_by_component(result) == {"x": D("2000.00"), "base": D("750.00")}
    assert {x.component_id: x.line_ids for x in result.lines} == {"x": ("L1",), "base": ("L2",)}


def test_a_family_rate_applies_to_every_product_of_the_family():
    hardware = ProductRate("hw", "Hardware 8%", D("0.08"), families=("HW",))
    sale = deal(line("L1", "H1", "1000", family="HW"), line("L2", "H2", "3000", family="HW"))
    assert period_of(plan(BASE_15, hardware), credits_of(sale)).total == D("320.00")


def test_a_product_rate_beats_a_family_rate_for_the_same_line():
    hardware = ProductRate("hw", "Hardware 8%", D("0.08"), families=("HW",))
    sale = deal(line("L1", "X", "1000", family="HW"))
    result = period_of(plan(BASE_15, hardware, PRODUCT_X), credits_of(sale))
    assert amounts_by_component(result) == {"x": D("200.00")}


def test_a_de_emphasised_product_pays_a_lower_rate_and_still_counts_toward_quota():
    product_z = ProductRate("z", "Product Z 5%", D("0.05"), product_ids=("Z",))
    result = period_of(
        plan(BASE_15, product_z), credits_of(deal(line(product="Z", amount="20000")))
    )
    assert result.total == D("1000.00")
    assert result.attainment == D("0.2")


def test_an_excluded_product_pays_nothing_and_does_not_move_attainment():
    excluded = ProductRate(
        "svc", "Services excluded", D(0), product_ids=("S",), counts_toward_quota=False
    )
    sale = deal(line("L1", "S", "50000"), line("L2", "P", "10000"))
    result = period_of(plan(BASE_15, excluded), credits_of(sale))
    assert amounts_by_component(result) == {"svc": D("0.00"), "base": D("1500.00")}
    assert result.attainment == D("0.1")


def test_a_component_amount_on_a_credit_is_rounded_once_not_per_line():
    sale = deal(line("L1", amount="10.03"), line("L2", amount="10.03"), line("L3", amount="10.03"))
    (payout,) = period_of(plan(BASE_15), credits_of(sale)).lines
    # per line 1.5045 would round to 1.50 each (4.50); the credit's sum 4.5135 rounds once
    assert payout.amount == D("4.51")
    assert payout.line_ids == ("L1", "L2", "L3")


def test_lines_no_rate_claims_pay_nothing_when_the_plan_has_no_base_rate():
    result = period_of(
        plan(PRODUCT_X), credits_of(deal(line("L1", "X", "1000"), line("L2", "P", "1000")))
    )
    assert amounts_by_component(result) == {"x": D("200.00")}
    assert result.attainment == D("0.02")


def test_a_period_reports_its_payout_against_on_target_earnings():
    result = period_of(plan(BASE_15), credits_of(deal(line(amount="10000"))), ote="6000")
    assert result.payout_to_target == D("0.25")
