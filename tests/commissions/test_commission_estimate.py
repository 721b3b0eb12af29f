from datetime import date
from decimal import Decimal as D

import pytest
from commission_builders import CALENDAR, credits_of, deal, line, period_of
from commission_plans import BASE_10, FLAT, plan, quota_tiers, spif_on_y

from commissions import (
    BaseRate,
    ComponentKind,
    DealStatus,
    ReasonCode,
    Split,
    TierMode,
    estimate_deal,
)

MARGINAL = plan(BASE_10, quota_tiers(TierMode.MARGINAL))
RETROACTIVE = plan(BASE_10, quota_tiers(TierMode.RETROACTIVE))
SO_FAR = credits_of(deal(line(amount="80000"), deal_id="D1", close=date(2025, 2, 1)))
NEW = deal(line(amount="40000"), deal_id="D2", close=date(2025, 3, 1), status=DealStatus.OPEN)


def state_for(version, credits=SO_FAR):
    return period_of(version, credits).state


def test_an_estimate_on_marginal_tiers_pays_the_accelerator_on_the_slice_above_quota():
    estimate = estimate_deal(state_for(MARGINAL), NEW, (MARGINAL,), CALENDAR)
    assert [(x.kind, x.amount) for x in estimate.lines] == [
        (ComponentKind.BASE_RATE, D("4000.00")),
        (ComponentKind.QUOTA_TIER, D("1000.00")),
    ]
    assert estimate.amount == D("5000.00")
    assert (estimate.tier_before.name, estimate.tier_after.name) == ("Base", "Accelerator")
    assert (estimate.attainment_before, estimate.attainment_after) == (D("0.8"), D("1.2"))


def test_an_estimate_reaching_a_retroactive_tier_includes_the_re_rating_of_the_period():
    estimate = estimate_deal(state_for(RETROACTIVE), NEW, (RETROACTIVE,), CALENDAR)
    rerating = next(x for x in estimate.lines if x.kind is ComponentKind.QUOTA_TIER)
    assert (rerating.amount, rerating.base, rerating.tier) == (
        D("6000.00"),
        D("12000.0"),
        "Accelerator",
    )
    assert estimate.amount == D("10000.00")


def test_an_estimate_equals_the_period_with_the_deal_minus_the_period_without_it():
    won = credits_of(deal(line(amount="40000"), deal_id="D2", close=date(2025, 3, 1)))
    for version in (MARGINAL, RETROACTIVE):
        with_deal = period_of(version, SO_FAR + won).total
        without = period_of(version, SO_FAR).total
        assert (
            estimate_deal(state_for(version), NEW, (version,), CALENDAR).amount
            == with_deal - without
        )


def test_an_estimate_that_opens_the_gate_releases_what_was_withheld():
    gated = plan(BASE_10, quota_tiers(TierMode.MARGINAL, FLAT, "Gate", gate=D("0.5")))
    state = state_for(gated, credits_of(deal(line(amount="40000"), deal_id="D1")))
    estimate = estimate_deal(
        state, deal(line(amount="20000"), deal_id="D2", close=date(2025, 3, 1)), (gated,), CALENDAR
    )
    assert {x.kind: x.amount for x in estimate.lines} == {
        ComponentKind.BASE_RATE: D("2000.00"),
        ComponentKind.GATE: D("4000.00"),
    }
    assert estimate.amount == D("6000.00")


def test_an_estimate_shows_the_spif_progress_the_deal_brings_and_the_award_it_earns():
    trip = spif_on_y()
    version = plan(BASE_10, trip)
    state = state_for(version, credits_of(deal(line(product="Y", amount="600", quantity="6"))))
    estimate = estimate_deal(
        state,
        deal(line(product="Y", amount="500", quantity="5"), deal_id="D2", close=date(2025, 3, 1)),
        (version,),
        CALENDAR,
    )
    (progress,) = estimate.spif_progress
    assert (progress.before, progress.after, progress.reached) == (D(6), D(11), True)
    assert [a.description for a in estimate.awards] == ["Trip"]
    assert estimate.amount == D("50.00")


def test_an_estimate_counts_only_the_reps_share_of_a_split_deal():
    estimate = estimate_deal(
        state_for(MARGINAL),
        NEW,
        (MARGINAL,),
        CALENDAR,
        splits=(Split("alice", D("0.5")), Split("bob", D("0.5"))),
    )
    assert estimate.amount == D("2000.00")


def test_an_estimate_says_why_it_cannot_answer():
    state = state_for(MARGINAL)
    bobs = estimate_deal(state, deal(owner="bob", close=date(2025, 3, 1)), (MARGINAL,), CALENDAR)
    next_quarter = estimate_deal(state, deal(close=date(2025, 4, 2)), (MARGINAL,), CALENDAR)
    euros = estimate_deal(
        state, deal(close=date(2025, 3, 1), currency="EUR"), (MARGINAL,), CALENDAR
    )
    bad_split = estimate_deal(state, NEW, (MARGINAL,), CALENDAR, splits=(Split("alice", D("0.9")),))
    assert [r.code for r in bobs.refusals] == [ReasonCode.NOT_CREDITED_TO_REP]
    assert [r.code for r in next_quarter.refusals] == [ReasonCode.DEAL_OUTSIDE_PERIOD]
    assert [r.code for r in euros.refusals] == [ReasonCode.EXCHANGE_RATE_MISSING]
    assert [r.code for r in bad_split.refusals] == [ReasonCode.SPLITS_NOT_100]
    assert bobs.amount == D(0)


def test_an_estimate_flags_a_deal_dated_before_credits_already_in_the_state():
    backdated = deal(line(amount="1000"), deal_id="D0", close=date(2025, 1, 15))
    assert not estimate_deal(state_for(MARGINAL), backdated, (MARGINAL,), CALENDAR).placed_last
    assert estimate_deal(state_for(MARGINAL), NEW, (MARGINAL,), CALENDAR).placed_last


def test_a_state_built_with_another_plan_version_is_a_programming_error():
    revised = plan(BaseRate("base", "Base 12%", D("0.12")), version=2, start=date(2024, 1, 1))
    with pytest.raises(ValueError, match="another plan version"):
        estimate_deal(state_for(MARGINAL), NEW, (revised,), CALENDAR)
