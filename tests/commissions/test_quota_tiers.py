from datetime import date
from decimal import Decimal as D

from commission_builders import Q2, amounts_by_component, credits_of, deal, line, period_of
from commission_plans import BASE_10, FLAT, plan, quota_tiers

from commissions import (
    ComponentKind,
    PayoutCap,
    Reversal,
    ReversalKind,
    Tier,
    TierMode,
    claw_back,
)

MARGINAL = quota_tiers(TierMode.MARGINAL)
RETROACTIVE = quota_tiers(TierMode.RETROACTIVE)
GATE_50 = quota_tiers(TierMode.MARGINAL, FLAT, "Gate 50%", gate=D("0.5"))
ACROSS_THE_EDGE = credits_of(
    deal(line(amount="80000"), deal_id="D1", close=date(2025, 2, 1))
) + credits_of(deal(line(amount="40000"), deal_id="D2", close=date(2025, 3, 1)))


def single(amount: str, *components) -> D:
    return period_of(plan(BASE_10, *components), credits_of(deal(line(amount=amount)))).total


def test_marginal_tiers_pay_the_accelerator_only_on_revenue_above_quota():
    result = period_of(plan(BASE_10, MARGINAL), ACROSS_THE_EDGE)
    tier_line = next(x for x in result.lines if x.kind is ComponentKind.QUOTA_TIER)
    # D2 straddles 100 %: 20,000 at x1 and 20,000 at x1.5 -> 2,000 commission gets +50 %
    assert (tier_line.deal_id, tier_line.tier, tier_line.base, tier_line.amount) == (
        "D2",
        "Accelerator",
        D(2000),
        D("1000.00"),
    )
    assert result.total == D("13000.00")
    assert result.tier_reached.name == "Accelerator"


def test_retroactive_tiers_re_rate_all_revenue_once_the_tier_is_reached():
    result = period_of(plan(BASE_10, RETROACTIVE), ACROSS_THE_EDGE)
    tier_line = next(x for x in result.lines if x.kind is ComponentKind.QUOTA_TIER)
    assert (tier_line.credit_id, tier_line.base, tier_line.multiplier, tier_line.amount) == (
        None,
        D("12000.0"),
        D("1.5"),
        D("6000.00"),
    )
    assert result.total == D("18000.00")


def test_retroactive_tiers_jump_at_the_edge_while_marginal_tiers_do_not():
    assert single("99999.99", RETROACTIVE) == D("10000.00")
    assert single("100000", RETROACTIVE) == D("15000.00")
    assert single("99999.99", MARGINAL) == D("10000.00")
    assert single("100000.01", MARGINAL) == D("10000.00")


def test_nothing_is_paid_below_a_50_percent_gate():
    result = period_of(plan(BASE_10, GATE_50), credits_of(deal(line(amount="40000"))))
    gate = next(x for x in result.lines if x.kind is ComponentKind.GATE)
    assert (gate.base, gate.amount, result.total) == (D("4000.00"), D("-4000.00"), D("0.00"))
    assert single("60000", GATE_50) == D("6000.00")


def test_a_zero_multiplier_first_tier_is_a_threshold_paid_only_above_it():
    threshold = quota_tiers(
        TierMode.MARGINAL, (Tier("Below", D(0), D(0)), Tier("Paid", D("0.5"), D(1))), "Threshold"
    )
    assert single("60000", threshold) == D("1000.00")
    assert single("40000", threshold) == D("0.00")


def test_marginal_decelerators_and_accelerators_apply_to_their_own_slices():
    tiers = quota_tiers(
        TierMode.MARGINAL,
        (Tier("Slow", D(0), D("0.5")), Tier("Base", D("0.5"), D(1)), Tier("Fast", D(1), D(2))),
    )
    result = period_of(plan(BASE_10, tiers), credits_of(deal(line(amount="150000"))))
    assert {x.tier: x.amount for x in result.lines if x.tier} == {
        "Slow": D("-2500.00"),
        "Fast": D("5000.00"),
    }
    assert result.total == D("17500.00")


def test_revenue_beyond_the_marginal_attainment_cap_earns_nothing():
    capped = quota_tiers(TierMode.MARGINAL, FLAT, max_attainment=D("1.5"))
    result = period_of(plan(BASE_10, capped), credits_of(deal(line(amount="200000"))))
    cap = next(x for x in result.lines if x.kind is ComponentKind.ATTAINMENT_CAP)
    assert (cap.base, cap.amount, result.total) == (D(5000), D("-5000.00"), D("15000.00"))


def test_a_retroactive_attainment_cap_pays_as_if_attainment_stopped_at_the_cap():
    capped = quota_tiers(TierMode.RETROACTIVE, max_attainment=D("1.5"))
    result = period_of(plan(BASE_10, capped), credits_of(deal(line(amount="200000"))))
    # 150,000 counted x 10 % x 1.5
    assert amounts_by_component(result) == {"base": D("20000.00"), "tiers": D("2500.00")}
    assert result.total == D("22500.00")


def test_a_payout_cap_limits_the_period_commission():
    cap = PayoutCap("cap", "Max 10,000", D(10000))
    result = period_of(plan(BASE_10, cap), credits_of(deal(line(amount="150000"))))
    assert amounts_by_component(result) == {"base": D("15000.00"), "cap": D("-5000.00")}


def test_a_gate_withholds_commission_but_still_recovers_clawbacks():
    sale = credits_of(deal(line(amount="30000"), close=date(2025, 3, 1)))
    clawback = claw_back(
        sale, Reversal("R1", "D1", date(2025, 4, 10), ReversalKind.RETURNED)
    ).credits
    q2 = period_of(plan(BASE_10, GATE_50), sale + clawback, period=Q2)
    assert q2.total == D("-3000.00")
    assert not any(x.kind is ComponentKind.GATE for x in q2.lines)
