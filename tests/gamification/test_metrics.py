"""Definitions are checked before they become versions; trends and profiles read targets."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gamification.definition_rules import definition_problems
from gamification.hierarchy import STANDARD_BY_KEY, Level
from gamification.metrics import Aggregate, Better, MetricDefinition
from gamification.profile import Standing, profile
from gamification.standard_metrics import STANDARD_METRICS, STANDARD_METRICS_BY_KEY
from gamification.values import Direction, KpiValue, team_ranks, trend

KINDS = set(STANDARD_BY_KEY)


def test_every_standard_metric_is_valid_and_each_volume_one_has_a_quality_pair() -> None:
    for metric in STANDARD_METRICS:
        assert definition_problems(metric, STANDARD_METRICS_BY_KEY, KINDS) == [], metric.key
    for key in ("CALLS", "CONTACTS", "TRANSFERS", "LEADS", "REVENUE", "SALES_UNITS"):
        assert STANDARD_METRICS_BY_KEY[key].quality_pair is not None


def test_a_ratio_needs_both_metrics_and_no_kinds() -> None:
    ratio = MetricDefinition(
        "R", 1, "R", "", Aggregate.RATIO, Level.CLOSE, ("DIAL",), numerator="CALLS"
    )
    fields = [p.field for p in definition_problems(ratio, STANDARD_METRICS_BY_KEY, KINDS)]
    assert fields == ["key", "sourceKinds", "denominator"]


def test_a_ratio_that_reaches_itself_is_a_cycle() -> None:
    a = MetricDefinition(
        "AA", 1, "A", "", Aggregate.RATIO, Level.CLOSE, numerator="BB", denominator="CALLS"
    )
    b = MetricDefinition(
        "BB", 1, "B", "", Aggregate.RATIO, Level.CLOSE, numerator="AA", denominator="CALLS"
    )
    problems = definition_problems(a, {"BB": b, "CALLS": STANDARD_METRICS_BY_KEY["CALLS"]}, KINDS)
    assert [p.field for p in problems] == ["numerator"]


def test_a_count_of_an_unknown_kind_is_refused() -> None:
    count = replace(STANDARD_METRICS_BY_KEY["CALLS"], source_kinds=("NOPE",))
    assert [p.field for p in definition_problems(count, STANDARD_METRICS_BY_KEY, KINDS)] == [
        "sourceKinds"
    ]


@given(st.integers(-100, 100), st.integers(-100, 100), st.sampled_from(Better))
def test_a_trend_improves_exactly_when_it_moves_the_better_way(
    now: int, before: int, better: Better
) -> None:
    result = trend(Decimal(now), Decimal(before), better)
    assert result.change == now - before
    if now == before:
        assert result.direction is Direction.FLAT and result.improving is None
    else:
        assert result.improving == ((now > before) == (better is Better.HIGHER))


def test_a_trend_without_a_previous_value_is_unknown() -> None:
    assert trend(Decimal(1), None, Better.HIGHER).direction is Direction.UNKNOWN


def test_the_profile_is_strong_where_targets_are_met_and_weak_where_not() -> None:
    values = {
        "CALLS": KpiValue(Decimal(120), Decimal(120), None, 1),
        "LEADS": KpiValue(Decimal(5), Decimal(5), None, 1),
        "SLIPPAGE_COUNT": KpiValue(Decimal(1), Decimal(1), None, 1),
    }
    targets = {"CALLS": Decimal(100), "LEADS": Decimal(10), "SLIPPAGE_COUNT": Decimal(2)}
    result = profile(STANDARD_METRICS_BY_KEY, values, targets)
    assert result.of(Level.ENGAGE).standing is Standing.STRONG
    assert result.of(Level.TARGET).standing is Standing.WEAK
    assert result.of(Level.TARGET).attainment == Decimal("0.5")
    assert result.of(Level.MANAGE).attainment == Decimal(2)  # lower is better: 2 ÷ 1
    assert result.of(Level.DEVELOP).standing is Standing.NO_TARGETS


def test_tied_reps_share_a_rank_and_the_next_rank_is_skipped() -> None:
    values = {1: Decimal(5), 2: Decimal(7), 3: Decimal(7), 4: Decimal(1), 5: None}
    assert team_ranks(values, Better.HIGHER) == {1: 3, 2: 1, 3: 1, 4: 4, 5: None}
    assert team_ranks(values, Better.LOWER) == {1: 2, 2: 3, 3: 3, 4: 1, 5: None}
