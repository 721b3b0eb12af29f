"""Per-transaction and interpolated tiers, tables in amounts or units, the boundary rule and
rates bounded by their ceiling: hand-computed examples (base 10 %, quota 100,000)."""

from datetime import date
from decimal import Decimal as D

from commission_builders import (
    CALENDAR,
    amounts_by_component,
    credits_of,
    deal,
    line,
    period_of,
)
from commission_plans import BASE_10, plan

from commissions import (
    BaseRate,
    ComponentKind,
    QuotaTiers,
    ReasonCode,
    Reversal,
    ReversalKind,
    Tier,
    TierBasis,
    TierBoundary,
    TierMode,
    claw_back,
    estimate_deal,
    next_tier,
    validate_plan_versions,
)

SMALL_AND_LARGE = (Tier("Small", D(0), D(1)), Tier("Large", D(50000), D(2)))
"""In amounts: x1 on the first 50,000 of revenue, x2 beyond."""
RISING = (Tier("Base", D(0), D(1)), Tier("Accelerator", D(1), D("1.5")), Tier("Club", D(2), D(2)))
"""In attainment: x1 at 0 %, x1.5 at 100 %, x2 from 200 %."""
TWO_DEALS = credits_of(
    deal(line(amount="80000"), deal_id="D1", close=date(2025, 2, 1))
) + credits_of(deal(line(amount="30000"), deal_id="D2", close=date(2025, 3, 1)))


def tiers(mode: TierMode, table=SMALL_AND_LARGE, **options) -> QuotaTiers:
    basis = options.pop("basis", TierBasis.AMOUNT)
    return QuotaTiers("tiers", "Tiers", mode, table, basis=basis, **options)


def tier_lines(result) -> list[tuple[str | None, str | None, D]]:
    return [
        (x.deal_id, x.tier, x.amount) for x in result.lines if x.kind is ComponentKind.QUOTA_TIER
    ]


def test_per_transaction_tiers_split_each_deal_by_its_own_amount():
    result = period_of(plan(BASE_10, tiers(TierMode.PER_TRANSACTION)), TWO_DEALS, quota="0")
    # D1: 50,000 x 10 % + 30,000 x 10 % x 2 = 11,000; D2 (30,000) alone stays under 50,000
    assert tier_lines(result) == [("D1", "Large", D("3000.00"))]
    assert result.total == D("14000.00")


def test_marginal_tiers_lay_the_same_deals_on_the_running_total_instead():
    result = period_of(plan(BASE_10, tiers(TierMode.MARGINAL)), TWO_DEALS, quota="0")
    # D2 sits at 80,000-110,000: all of it at x2
    assert tier_lines(result) == [("D1", "Large", D("3000.00")), ("D2", "Large", D("3000.00"))]
    assert result.total == D("17000.00")


def test_a_per_transaction_clawback_retraces_its_sales_slices():
    sale = credits_of(deal(line("L1", amount="40000"), line("L2", "Q", amount="40000")))
    back = claw_back(sale, Reversal("R1", "D1", date(2025, 4, 2), ReversalKind.RETURNED)).credits
    version = plan(BASE_10, tiers(TierMode.PER_TRANSACTION))
    q1 = period_of(version, sale, quota="0")
    q2 = period_of(version, back, quota="0", period=CALENDAR.period(q1.period.kind, 2025, 2))
    assert q1.total == D("11000.00")
    assert q2.total == D("-11000.00")
    assert tier_lines(q2) == [("D1", "Large", D("-3000.00"))]


def test_interpolated_tiers_move_the_multiplier_linearly_between_tier_starts():
    version = plan(BASE_10, tiers(TierMode.INTERPOLATED, RISING, basis=TierBasis.ATTAINMENT))
    result = period_of(version, TWO_DEALS)
    # 110 %: 1.5 + (2 - 1.5) x 0.1 = 1.55 on 11,000 of commission
    line_ = next(x for x in result.lines if x.kind is ComponentKind.QUOTA_TIER)
    assert (line_.tier, line_.multiplier, line_.base, line_.amount) == (
        "Accelerator",
        D("1.55"),
        D("11000.0"),
        D("6050.00"),
    )
    assert result.total == D("17050.00")
    # 60 %: 1 + 0.5 x 0.6 = 1.3; from 200 % up, flat x2
    assert period_of(version, credits_of(deal(line(amount="60000")))).total == D("7800.00")
    assert period_of(version, credits_of(deal(line(amount="300000")))).total == D("60000.00")


def test_the_boundary_rule_pays_the_higher_tier_on_an_edge_unless_the_plan_says_lower():
    upper = plan(BASE_10, tiers(TierMode.RETROACTIVE, RISING, basis=TierBasis.ATTAINMENT))
    lower = plan(
        BASE_10,
        tiers(
            TierMode.RETROACTIVE, RISING, basis=TierBasis.ATTAINMENT, boundary=TierBoundary.LOWER
        ),
    )
    on_edge = credits_of(deal(line(amount="100000")))
    just_above = credits_of(deal(line(amount="100000.01")))
    assert period_of(upper, on_edge).total == D("15000.00")
    assert period_of(lower, on_edge).total == D("10000.00")
    assert period_of(lower, on_edge).tier_reached.name == "Base"
    assert period_of(lower, just_above).total == D("15000.00")


def test_a_table_in_units_multiplies_the_units_beyond_its_start():
    per_unit = (Tier("First ten", D(0), D(1)), Tier("Beyond ten", D(10), D(2)))
    version = plan(BASE_10, tiers(TierMode.MARGINAL, per_unit, basis=TierBasis.UNITS))
    sold = credits_of(deal(line(amount="15000", quantity="15")))
    result = period_of(version, sold, quota="0")
    # 1,500 of commission on 15 units; units 10-15 (a third) at x2: +500
    assert amounts_by_component(result) == {"base": D("1500.00"), "tiers": D("500.00")}
    assert result.tier_reached.name == "Beyond ten"
    four = period_of(version, credits_of(deal(line(amount="4000", quantity="4"))), quota="0")
    upcoming = next_tier(four.state, version)
    assert upcoming is not None
    assert (upcoming.next.name, upcoming.units_needed, upcoming.revenue_needed) == (
        "Beyond ten",
        D(6),
        None,
    )


def test_a_plan_without_quota_is_computed_unless_its_tiers_need_attainment():
    amounts = period_of(plan(BASE_10, tiers(TierMode.RETROACTIVE)), TWO_DEALS, quota="0")
    attainment = period_of(
        plan(BASE_10, tiers(TierMode.RETROACTIVE, RISING, basis=TierBasis.ATTAINMENT)),
        TWO_DEALS,
        quota="0",
    )
    assert amounts.ok and amounts.total == D("22000.00")
    assert amounts.attainment is None
    assert [r.code for r in attainment.refusals] == [ReasonCode.MISSING_QUOTA]


def test_next_tier_on_an_amount_table_says_the_revenue_still_needed():
    version = plan(BASE_10, tiers(TierMode.MARGINAL))
    state = period_of(version, credits_of(deal(line(amount="20000"))), quota="0").state
    upcoming = next_tier(state, version)
    assert upcoming is not None
    assert (upcoming.attainment, upcoming.next.name, upcoming.revenue_needed) == (
        None,
        "Large",
        D(30000),
    )


def test_an_estimate_explains_per_transaction_and_interpolated_tiers():
    per_deal = plan(BASE_10, tiers(TierMode.PER_TRANSACTION))
    state = period_of(per_deal, TWO_DEALS, quota="0").state
    new = deal(line(amount="60000"), deal_id="D3", close=date(2025, 3, 20))
    estimate = estimate_deal(state, new, (per_deal,), CALENDAR)
    assert [(x.kind, x.tier, x.multiplier, x.amount) for x in estimate.lines] == [
        (ComponentKind.BASE_RATE, None, None, D("6000.00")),
        (ComponentKind.QUOTA_TIER, "Large", D(2), D("1000.00")),
    ]
    linear = plan(BASE_10, tiers(TierMode.INTERPOLATED, RISING, basis=TierBasis.ATTAINMENT))
    state = period_of(linear, TWO_DEALS).state
    estimate = estimate_deal(state, new, (linear,), CALENDAR)
    # 110 % -> 170 %: 11,000 x 0.55 = 6,050 becomes 17,000 x 0.85 = 14,450
    assert [(x.kind, x.multiplier, x.amount) for x in estimate.lines] == [
        (ComponentKind.BASE_RATE, None, D("6000.00")),
        (ComponentKind.QUOTA_TIER, D("1.85"), D("8400.00")),
    ]


def test_a_rate_times_the_top_multiplier_stays_within_the_rate_ceiling():
    doubled = tiers(TierMode.MARGINAL)
    refused = validate_plan_versions((plan(BaseRate("base", "60%", D("0.6")), doubled),))
    allowed = validate_plan_versions(
        (plan(BaseRate("base", "60%", D("0.6"), rate_ceiling=D("1.2")), doubled),)
    )
    assert [(r.code, r.field) for r in refused] == [(ReasonCode.INVALID_PLAN, ("components", "0"))]
    assert "120 %" in refused[0].message
    assert allowed == ()


def test_a_table_with_a_gap_an_overlap_or_a_descent_is_refused():
    def problems(*table: Tier) -> list[str]:
        version = plan(BASE_10, tiers(TierMode.MARGINAL, table))
        return [r.message for r in validate_plan_versions((version,))]

    assert problems(Tier("A", D(5), D(1))) == ["A gap: the first tier starts at 0."]
    assert problems(Tier("A", D(0), D(1)), Tier("B", D(0), D(2))) == [
        "Tiers A and B overlap: both start there."
    ]
    assert problems(Tier("A", D(0), D(1)), Tier("B", D(9), D(2)), Tier("C", D(5), D(2))) == [
        "The table descends: C starts below B."
    ]
