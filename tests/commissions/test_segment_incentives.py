from decimal import Decimal as D

from commission_builders import amounts_by_component, credits_of, deal, line, period_of
from commission_plans import BASE_10, DOUBLE_ABOVE_QUOTA, plan, quota_tiers

from commissions import (
    Account,
    SegmentIncentive,
    Split,
    TierMode,
)

ENTERPRISE = SegmentIncentive(
    "ent", "Enterprise +2%", segments=("ENTERPRISE",), extra_rate=D("0.02")
)
NEW_LOGO = SegmentIncentive("logo", "New logo 500", new_logo_only=True, amount_per_deal=D(500))


def test_an_enterprise_deal_earns_an_extra_2_percent_of_its_revenue():
    sale = deal(line(amount="50000"), account=Account(segment="ENTERPRISE"))
    result = period_of(plan(BASE_10, ENTERPRISE), credits_of(sale))
    assert amounts_by_component(result) == {"base": D("5000.00"), "ent": D("1000.00")}


def test_a_deal_outside_the_segment_earns_no_incentive():
    sale = deal(line(amount="50000"), account=Account(segment="SMB"))
    assert amounts_by_component(period_of(plan(BASE_10, ENTERPRISE), credits_of(sale))) == {
        "base": D("5000.00")
    }


def test_all_given_criteria_must_match():
    fintech_new = SegmentIncentive(
        "fin", "New fintech", industries=("FINTECH",), new_logo_only=True, amount_per_deal=D(300)
    )
    existing = deal(account=Account(industry="FINTECH", new_logo=False))
    new = deal(account=Account(industry="FINTECH", new_logo=True))
    assert "fin" not in amounts_by_component(
        period_of(plan(BASE_10, fintech_new), credits_of(existing))
    )
    assert amounts_by_component(period_of(plan(BASE_10, fintech_new), credits_of(new)))["fin"] == D(
        "300.00"
    )


def test_a_per_deal_amount_is_shared_like_the_credit():
    sale = deal(line(amount="10000"), account=Account(new_logo=True))
    credits = credits_of(sale, (Split("alice", D("0.5")), Split("bob", D("0.5"))))
    alice = period_of(plan(BASE_10, NEW_LOGO), credits, rep="alice")
    assert amounts_by_component(alice) == {"base": D("500.00"), "logo": D("250.00")}


def test_quota_tiers_do_not_accelerate_segment_incentives():
    double = quota_tiers(TierMode.RETROACTIVE, DOUBLE_ABOVE_QUOTA, "Double above quota")
    sale = deal(line(amount="200000"), account=Account(segment="ENTERPRISE"))
    result = period_of(plan(BASE_10, ENTERPRISE, double), credits_of(sale))
    assert amounts_by_component(result) == {
        "base": D("20000.00"),
        "ent": D("4000.00"),
        "tiers": D("20000.00"),
    }
