from datetime import date
from decimal import Decimal as D

from commission_builders import credits_of, deal, line, period_of
from commission_plans import BASE_10, plan, quota_tiers

from commissions import Tier, TierMode, next_tier

TIERS = (
    Tier("Base", D(0), D(1)),
    Tier("Accelerator", D(1), D("1.5")),
    Tier("Club", D("1.5"), D(2)),
)


def standing(version, amount: str):
    state = period_of(version, credits_of(deal(line(amount=amount), close=date(2025, 2, 1)))).state
    return next_tier(state, version)


def test_next_tier_says_which_tier_is_next_and_how_much_revenue_reaches_it():
    version = plan(BASE_10, quota_tiers(TierMode.MARGINAL, TIERS))
    standing_now = standing(version, "72500")
    assert (standing_now.current.name, standing_now.next.name) == ("Base", "Accelerator")
    assert standing_now.revenue_needed == D(27500)


def test_at_the_top_tier_there_is_no_next_tier():
    version = plan(BASE_10, quota_tiers(TierMode.RETROACTIVE, TIERS))
    top = standing(version, "180000")
    assert (top.current.name, top.next, top.revenue_needed) == ("Club", None, None)


def test_tiers_beyond_the_attainment_cap_are_never_next():
    version = plan(BASE_10, quota_tiers(TierMode.MARGINAL, TIERS, max_attainment=D("1.2")))
    assert standing(version, "110000").next is None


def test_a_plan_without_tiers_has_no_standing():
    assert standing(plan(BASE_10), "1000") is None
