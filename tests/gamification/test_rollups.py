"""Rollups fold facts per local day; a period's value from rollups equals the value from facts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from gamification.calendar import Grain, PeriodCalendar
from gamification.facts import Fact, attributes_of
from gamification.hierarchy import Level
from gamification.metrics import Aggregate, Measure, MetricDefinition
from gamification.rollups import fold, merge_all, summaries_by_metric
from gamification.standard_metrics import STANDARD_METRICS, STANDARD_METRICS_BY_KEY
from gamification.values import value_of

BANGKOK = ZoneInfo("Asia/Bangkok")
NEW_YORK = ZoneInfo("America/New_York")
ZONES: dict[int, tzinfo] = {1: BANGKOK, 2: NEW_YORK, 3: UTC}
START = datetime(2026, 3, 1, tzinfo=UTC)

FACTS = st.builds(
    Fact,
    rep_id=st.sampled_from([1, 2, 3]),
    kind=st.sampled_from(["DIAL", "SALE", "SHIFT", "TRANSFER", "LEAD"]),
    occurred_at=st.integers(0, 60 * 24 * 3600).map(lambda s: START + timedelta(seconds=s)),
    quantity=st.integers(1, 5).map(Decimal),
    amount=st.one_of(st.none(), st.integers(0, 10_000).map(Decimal)),
    duration_seconds=st.one_of(st.none(), st.integers(0, 36_000)),
    customer_key=st.one_of(st.none(), st.sampled_from(["a", "b", "c"])),
    attributes=st.sampled_from([(), (("transferred", "true"),), (("qualification", "BANT"),)]),
)


def zone_of(rep_id: int) -> tzinfo:
    return ZONES[rep_id]


@given(st.lists(FACTS, max_size=40), st.integers(0, 40))
def test_a_batch_split_in_two_rolls_up_like_the_whole(facts: list[Fact], cut: int) -> None:
    whole = fold(facts, STANDARD_METRICS, zone_of)
    parts = merge_all(
        [fold(facts[:cut], STANDARD_METRICS, zone_of), fold(facts[cut:], STANDARD_METRICS, zone_of)]
    )
    assert parts == whole


def _direct_average(facts: list[Fact], rep: int, first: date, end: date) -> Decimal | None:
    amounts = [
        f.amount or Decimal(0)
        for f in facts
        if f.rep_id == rep
        and f.kind == "SALE"
        and first <= f.occurred_at.astimezone(ZONES[rep]).date() < end
    ]
    return sum(amounts, Decimal(0)) / len(amounts) if amounts else None


@given(st.lists(FACTS, max_size=60), st.sampled_from([1, 2, 3]))
def test_ratios_and_averages_from_rollups_equal_direct_computation(
    facts: list[Fact], rep: int
) -> None:
    first, end = date(2026, 3, 1), date(2026, 4, 1)
    rollups = fold(facts, STANDARD_METRICS, zone_of)
    summaries = summaries_by_metric(rollups, rep, first, end)
    mine = [
        f
        for f in facts
        if f.rep_id == rep and first <= f.occurred_at.astimezone(ZONES[rep]).date() < end
    ]
    average = value_of(
        STANDARD_METRICS_BY_KEY["AVERAGE_DEAL_SIZE"], summaries, STANDARD_METRICS_BY_KEY
    )
    assert average.value == _direct_average(facts, rep, first, end)
    revenue = sum((f.amount or Decimal(0) for f in mine if f.kind == "SALE"), Decimal(0))
    customers = {f.customer_key for f in mine if f.kind == "SALE" and f.customer_key}
    ticket = value_of(STANDARD_METRICS_BY_KEY["AVERAGE_TICKET"], summaries, STANDARD_METRICS_BY_KEY)
    assert ticket.value == (revenue / len(customers) if customers else None)
    hours = sum(
        (Decimal(f.duration_seconds or 0) / 3600 for f in mine if f.kind == "SHIFT"), Decimal(0)
    )
    calls = sum((f.quantity for f in mine if f.kind == "DIAL"), Decimal(0))
    per_hour = value_of(
        STANDARD_METRICS_BY_KEY["CALLS_PER_HOUR"], summaries, STANDARD_METRICS_BY_KEY
    )
    assert per_hour.value == (calls / hours if hours else None)
    assert per_hour.numerator == calls and per_hour.denominator == hours


def test_a_call_just_after_bangkok_midnight_counts_on_bangkoks_next_day() -> None:
    call = Fact(1, "DIAL", datetime(2026, 11, 30, 17, 30, tzinfo=UTC))  # 00:30 1 Dec in Bangkok
    days = {key.day for key in fold([call], STANDARD_METRICS, zone_of)}
    assert days == {date(2026, 12, 1)}


def test_a_shift_across_the_new_york_spring_change_rolls_up_on_its_local_day() -> None:
    # 8 March 2026: New York's day has 23 hours; 03:30 UTC on the 9th is still the 8th there.
    shift = Fact(2, "SHIFT", datetime(2026, 3, 9, 3, 30, tzinfo=UTC), duration_seconds=7200)
    rollups = fold([shift], STANDARD_METRICS, zone_of)
    assert {key.day for key in rollups} == {date(2026, 3, 8)}
    hours = summaries_by_metric(rollups, 2, date(2026, 3, 8), date(2026, 3, 9))["WORKED_HOURS"]
    assert hours.total == Decimal(2)


def test_an_inactive_rep_has_zero_not_nothing() -> None:
    calls = value_of(STANDARD_METRICS_BY_KEY["CALLS"], {}, STANDARD_METRICS_BY_KEY)
    assert calls.value == Decimal(0) and calls.definition_version == 1


def test_an_average_is_total_over_count_for_the_period_not_a_mean_of_daily_means() -> None:
    average = MetricDefinition(
        "AVG", 1, "Avg", "", Aggregate.AVERAGE, Level.CLOSE, ("SALE",), Measure.AMOUNT
    )
    facts = [
        Fact(3, "SALE", datetime(2026, 3, 2, 10, tzinfo=UTC), amount=Decimal(100)),
        Fact(3, "SALE", datetime(2026, 3, 3, 10, tzinfo=UTC), amount=Decimal(10)),
        Fact(3, "SALE", datetime(2026, 3, 3, 11, tzinfo=UTC), amount=Decimal(10)),
    ]
    summaries = summaries_by_metric(
        fold(facts, [average], zone_of), 3, date(2026, 3, 1), date(2026, 4, 1)
    )
    assert value_of(average, summaries, {"AVG": average}).value == Decimal(40)


@given(
    st.lists(FACTS, max_size=40),
    st.sampled_from([1, 2, 3]),
    st.dates(min_value=date(2026, 3, 1), max_value=date(2026, 4, 30)),
    st.sampled_from(list(Grain)),
)
def test_a_periods_rollups_count_exactly_the_facts_between_its_local_bounds(
    facts: list[Fact], rep: int, day: date, grain: Grain
) -> None:
    period = PeriodCalendar(fiscal_first_month=2, week_start=6).period_of(day, grain)
    start, end = period.bounds(ZONES[rep])
    rollups = fold(facts, STANDARD_METRICS, zone_of)
    summary = summaries_by_metric(rollups, rep, period.start, period.end).get("CALLS")
    expected = sum(
        (
            f.quantity
            for f in facts
            if f.rep_id == rep and f.kind == "DIAL" and start <= f.occurred_at < end
        ),
        Decimal(0),
    )
    assert (summary.total if summary else Decimal(0)) == expected


def _sale(**attributes: str) -> Fact:
    at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    return Fact(
        1,
        "SALE",
        at,
        Decimal(3),
        Decimal("90"),
        customer_key="account:7",
        attributes=attributes_of(attributes),
        external_id="quote:1:SALE",
    )


def test_a_full_reversal_takes_back_the_count_the_total_and_the_customer() -> None:
    sales = [d for d in STANDARD_METRICS if d.key in ("SALES", "REVENUE", "CUSTOMERS")]
    folded = fold([_sale(), _sale(reversal="FULL")], sales, zone_of)
    rows = {key.metric: row for key, row in folded.items()}
    assert {m: (r.count, r.total, r.distinct_keys) for m, r in rows.items()} == {
        "SALES": (0, Decimal(0), set()),
        "REVENUE": (0, Decimal(0), set()),
        "CUSTOMERS": (0, Decimal(0), set()),
    }


def test_a_partial_reversal_keeps_the_sale_and_its_customer() -> None:
    sales = [d for d in STANDARD_METRICS if d.key in ("SALES", "SALES_UNITS", "CUSTOMERS")]
    returned = Fact(
        1,
        "SALE",
        datetime(2026, 3, 2, 9, tzinfo=UTC),
        Decimal(1),
        Decimal("30"),
        customer_key="account:7",
        attributes=attributes_of({"reversal": "PARTIAL"}),
    )
    folded = fold([_sale(), returned], sales, zone_of)
    rows = {key.metric: row for key, row in folded.items()}
    assert (rows["SALES"].count, rows["SALES_UNITS"].total) == (1, Decimal(2))
    assert rows["CUSTOMERS"].distinct_keys == {"account:7"}


def test_a_reversal_folded_alone_removes_the_key_it_takes_back() -> None:
    customers = [d for d in STANDARD_METRICS if d.key == "CUSTOMERS"]
    folded = fold([_sale(reversal="FULL")], customers, zone_of)
    (row,) = folded.values()
    assert (row.distinct_keys, row.removed_keys) == (set(), {"account:7"})
