"""Invariants of the tier modes and tables, on generated tables and deals."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D
from itertools import pairwise

from commission_builders import CALENDAR, Q1, assignment, credits_of
from commission_plans import plan
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import (
    BaseRate,
    ComponentKind,
    Deal,
    DealLine,
    DealStatus,
    QuotaTiers,
    Tier,
    TierBasis,
    TierBoundary,
    TierMode,
    compute_period,
)
from commissions.tiers import interpolated_multiplier

SETTINGS = settings(max_examples=150, deadline=None)
QUOTA = D(1000000)
"""A power of ten: attainment (revenue / quota) is then exact, as an amount table's figure is."""
RATE = D("0.1")
CENT = D("0.01")
AMOUNTS = st.integers(1, 90_000_000).map(lambda cents: D(cents) / 100)
MULTIPLIERS = st.sampled_from([D(0), D("0.5"), D(1), D("1.25"), D("1.5"), D(2), D(3)])
STARTS = st.sampled_from([D("0.1"), D("0.25"), D("0.5"), D(1), D("1.5"), D(2)])


@st.composite
def tables(draw, rising: bool = False) -> tuple[Tier, ...]:
    """Tier tables in attainment, from 0, starts rising strictly (multipliers rising if asked)."""
    starts = [D(0), *sorted(draw(st.sets(STARTS, max_size=4)))]
    multipliers = [draw(MULTIPLIERS) for _ in starts]
    if rising:
        multipliers.sort()
    return tuple(
        Tier(f"T{i}", s, m) for i, (s, m) in enumerate(zip(starts, multipliers, strict=True))
    )


@st.composite
def sales(draw) -> tuple:
    """Alice's Q1 sales: 1-5 deals of 1-3 lines each, rated in date order."""
    credits: tuple = ()
    for index in range(draw(st.integers(1, 5))):
        lines = tuple(
            DealLine(f"L{n}", "P", "F", draw(AMOUNTS), D(draw(st.integers(1, 20))))
            for n in range(draw(st.integers(1, 3)))
        )
        day = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 89)))
        credits += credits_of(Deal(f"D{index}", "alice", DealStatus.WON, day, "USD", lines))
    return credits


def total(mode: TierMode, table, credits, *, basis=TierBasis.ATTAINMENT, quota=QUOTA, **opts):
    tiers = QuotaTiers("tiers", "Tiers", mode, table, basis=basis, **opts)
    version = plan(BaseRate("base", "Base", RATE, rate_ceiling=D(10)), tiers)
    result = compute_period((version,), assignment(quota=quota), credits, CALENDAR, Q1)
    assert result.ok, result.refusals
    return result


def slope(table) -> D:
    """The steepest the interpolated multiplier climbs or falls per unit of the figure."""
    return max(
        (abs(b.multiplier - a.multiplier) / (b.floor - a.floor) for a, b in pairwise(table)),
        default=D(0),
    )


def in_amounts(table) -> tuple[Tier, ...]:
    return tuple(Tier(t.name, t.floor * QUOTA, t.multiplier) for t in table)


@SETTINGS
@given(table=tables(), credits=sales())
def test_per_transaction_tiers_never_pay_more_than_the_top_rate_times_each_amount(table, credits):
    result = total(TierMode.PER_TRANSACTION, table, credits)
    top = max(t.multiplier for t in table)
    for credit in credits:
        paid = sum(x.amount for x in result.lines if x.credit_id == credit.credit_id)
        amount = sum(line.amount for line in credit.lines)
        assert paid <= RATE * top * amount + len(credit.lines) * CENT


@SETTINGS
@given(table=tables(), credits=sales(), others=sales())
def test_a_per_transaction_credit_pays_the_same_whatever_else_was_sold(table, credits, others):
    alone = total(TierMode.PER_TRANSACTION, table, credits)
    renamed = tuple(replace(c, credit_id="X" + c.credit_id) for c in others)
    crowded = total(TierMode.PER_TRANSACTION, table, credits + renamed)
    mine = {c.credit_id for c in credits}
    assert [x for x in crowded.lines if x.credit_id in mine] == [
        x for x in alone.lines if x.credit_id in mine
    ]


@SETTINGS
@given(table=tables(), index=st.integers(0, 10), step=st.integers(1, 10**6))
def test_interpolation_is_continuous_at_tier_edges(table, index, step):
    tiers = QuotaTiers("tiers", "Tiers", TierMode.INTERPOLATED, table)
    edge = table[index % len(table)]
    epsilon = D(step).scaleb(-12)
    steepest = slope(table)
    assert interpolated_multiplier(tiers, edge.floor) == edge.multiplier
    for near in (edge.floor - epsilon, edge.floor + epsilon):
        moved = abs(interpolated_multiplier(tiers, near) - edge.multiplier)
        assert moved <= steepest * epsilon + D("1e-24")  # the slope's last digit of precision


@SETTINGS
@given(table=tables(), credits=sales(), boundary=st.sampled_from(TierBoundary))
def test_an_interpolated_period_never_jumps_when_revenue_moves_a_cent(table, credits, boundary):
    last = credits[-1]
    first_line = replace(last.lines[0], amount=last.lines[0].amount + CENT)
    nudged = (*credits[:-1], replace(last, lines=(first_line, *last.lines[1:])))
    before = total(TierMode.INTERPOLATED, table, credits, boundary=boundary).total
    after = total(TierMode.INTERPOLATED, table, nudged, boundary=boundary).total
    revenue = sum(line.amount for c in nudged for line in c.lines)
    top = max(t.multiplier for t in table)
    # a cent more: a cent at the top multiplier, plus the slope on everything already earned
    bound = CENT * RATE * top + RATE * revenue * slope(table) * CENT / QUOTA + 3 * CENT
    assert abs(after - before) <= bound


@SETTINGS
@given(table=tables(rising=True), credits=sales())
def test_with_rising_multipliers_marginal_pays_at_most_retroactive_and_interpolated_at_least(
    table, credits
):
    marginal = total(TierMode.MARGINAL, table, credits).total
    retroactive = total(TierMode.RETROACTIVE, table, credits).total
    interpolated = total(TierMode.INTERPOLATED, table, credits).total
    slack = CENT * sum(len(c.lines) for c in credits)  # marginal rounds per credit line group
    assert marginal <= retroactive + slack
    assert retroactive <= interpolated


@SETTINGS
@given(
    table=tables(),
    credits=sales(),
    mode=st.sampled_from(TierMode),
    boundary=st.sampled_from(TierBoundary),
    cap=st.sampled_from([None, D("1.5"), D(3)]),
)
def test_a_quota_less_amount_table_pays_as_the_same_table_in_percent_of_a_quota(
    table, credits, mode, boundary, cap
):
    in_percent = total(mode, table, credits, boundary=boundary, max_attainment=cap)
    quota_less = total(
        mode,
        in_amounts(table),
        credits,
        basis=TierBasis.AMOUNT,
        quota=D(0),
        boundary=boundary,
        max_attainment=None if cap is None else cap * QUOTA,
    )
    assert quota_less.lines == in_percent.lines
    assert quota_less.total == in_percent.total
    assert quota_less.tier_reached.name == in_percent.tier_reached.name


@SETTINGS
@given(table=tables(), credits=sales(), mode=st.sampled_from(TierMode))
def test_tier_lines_always_name_a_tier_of_the_table(table, credits, mode):
    names = {t.name for t in table}
    result = total(mode, table, credits)
    assert all(x.tier in names for x in result.lines if x.kind is ComponentKind.QUOTA_TIER)
