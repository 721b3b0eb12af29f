"""Proration by days and split periods: hypothesis properties.

Q1 2025 is Jan 1 - Mar 31 (90 days).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal as D

from commission_builders import CALENDAR, Q1, assignment, credits_of, deal, line
from commission_plans import BASE_10, plan, quota_tiers
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import (
    PayoutCap,
    Tier,
    TierBasis,
    TierMode,
    compute_period,
    compute_split_period,
    prorate_version,
    proration_of,
)
from commissions.proration import prorate_assignment

SETTINGS = settings(max_examples=150, deadline=None)
DAYS = (Q1.end - Q1.start).days + 1


def cuts(max_cuts: int = 4) -> st.SearchStrategy[list[int]]:
    """Sorted distinct day offsets (1..DAYS-1) where one assignment ends and the next starts."""
    return st.lists(st.integers(1, DAYS - 1), max_size=max_cuts, unique=True).map(sorted)


def chain(offsets: list[int], quota: D = D("100000")) -> list:
    """Adjacent assignments covering Q1 exactly, cut at ``offsets``."""
    starts = [Q1.start, *(Q1.start + timedelta(days=o) for o in offsets)]
    ends = [*(s - timedelta(days=1) for s in starts[1:]), Q1.end]
    return [
        assignment(quota=quota, start=s, end=e, assignment_id=f"A{i}")
        for i, (s, e) in enumerate(zip(starts, ends, strict=True))
    ]


quotas = st.decimals(D("0"), D("10000000"), places=2)


@SETTINGS
@given(offsets=cuts(), quota=quotas)
def test_prorated_quotas_of_adjacent_assignments_sum_to_the_full_quota(offsets, quota) -> None:
    pieces = chain(offsets, quota)
    prorated = [prorate_assignment(a, proration_of(a, Q1), "USD").quota for a in pieces]
    assert sum(prorated, D(0)) == quota
    assert all(D(0) <= q <= quota for q in prorated)


@SETTINGS
@given(offsets=cuts())
def test_factors_lie_in_0_1_and_sum_to_1_over_a_covered_period(offsets) -> None:
    factors = [proration_of(a, Q1).factor for a in chain(offsets)]
    assert all(D(0) <= f <= D(1) for f in factors)
    assert sum(factors, D(0)) == D(1)


@SETTINGS
@given(offsets=cuts(), start=st.integers(0, DAYS - 1), length=st.integers(1, 200))
def test_a_factor_is_its_days_over_the_period_to_six_places(offsets, start, length) -> None:
    first = Q1.start + timedelta(days=start)
    proration = proration_of(assignment(start=first, end=first + timedelta(days=length)), Q1)
    assert proration is not None
    assert abs(proration.factor - D(proration.days) / DAYS) <= D("0.000001")


def sales_in_q1() -> st.SearchStrategy[tuple]:
    one = st.tuples(st.integers(0, DAYS - 1), st.integers(1, 90_000))
    return st.lists(one, max_size=8).map(
        lambda items: tuple(
            c
            for i, (day, amount) in enumerate(items)
            for c in credits_of(
                deal(
                    line(amount=D(amount)),
                    deal_id=f"D{i}",
                    close=Q1.start + timedelta(days=day),
                )
            )
        )
    )


MODES = st.sampled_from([TierMode.MARGINAL, TierMode.RETROACTIVE, TierMode.INTERPOLATED])


@SETTINGS
@given(credits=sales_in_q1(), mode=MODES, cap=st.none() | st.integers(1, 50_000))
def test_one_assignment_over_the_whole_period_is_exactly_compute_period(credits, mode, cap) -> None:
    components = [BASE_10, quota_tiers(mode)]
    if cap is not None:
        components.append(PayoutCap("cap", "Cap", D(cap)))
    version = plan(*components)
    on_plan = assignment()
    split = compute_split_period((version,), (on_plan,), credits, CALENDAR, Q1)
    assert split.result == compute_period((version,), on_plan, credits, CALENDAR, Q1)
    assert [p.factor for p in split.parts] == [D(1)]


@SETTINGS
@given(credits=sales_in_q1(), offsets=cuts(3))
def test_a_flat_rate_pays_the_same_however_the_period_is_cut(credits, offsets) -> None:
    """Without period-level rules, proration changes nothing: each credit pays its rate once."""
    version = plan(BASE_10)
    whole = compute_period((version,), assignment(), credits, CALENDAR, Q1)
    split = compute_split_period((version,), chain(offsets), credits, CALENDAR, Q1)
    assert split.result.total == whole.total
    assert sorted(split.result.lines, key=lambda x: x.credit_id or "") == sorted(
        whole.lines, key=lambda x: x.credit_id or ""
    )
    assert sum(p.total for p in split.parts) == split.result.total


@SETTINGS
@given(credits=sales_in_q1(), offsets=cuts(3), mode=MODES)
def test_every_credit_is_counted_by_exactly_one_part(credits, offsets, mode) -> None:
    version = plan(BASE_10, quota_tiers(mode))
    split = compute_split_period((version,), chain(offsets), credits, CALENDAR, Q1)
    assert split.result.ok
    paid = {x.credit_id for x in split.result.lines if x.credit_id}
    assert paid == {c.credit_id for c in credits}
    assert split.result.skipped == ()
    assert sum(p.quota for p in split.parts) == D("100000")


@SETTINGS
@given(offset=st.integers(1, DAYS - 1))
def test_amount_tiers_and_caps_scale_with_the_days(offset) -> None:
    """An amount table's edges and the payout cap shrink with the part's days."""
    table = replace(
        quota_tiers(TierMode.MARGINAL, (Tier("Low", D(0), D(1)), Tier("High", D(90_000), D(2)))),
        basis=TierBasis.AMOUNT,
    )
    version = plan(BASE_10, table, PayoutCap("cap", "Cap", D(90_000)))
    first, _ = chain([offset])
    proration = proration_of(first, Q1)
    scaled = prorate_version(version, proration)
    tiers = next(c for c in scaled.components if c.component_id == "tiers")
    cap = next(c for c in scaled.components if c.component_id == "cap")
    assert tiers.tiers[1].floor == D(90_000) * proration.days / DAYS
    assert cap.max_payout == proration.share(D(90_000), "USD")
