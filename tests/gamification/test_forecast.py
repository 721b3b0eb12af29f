"""The forecast: per period and currency, weighted by stage, cumulative by category."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gamification.calendar import Grain, PeriodCalendar
from gamification.forecast import (
    PROBABILITY,
    Category,
    Deal,
    Slip,
    Snapshot,
    Stage,
    Totals,
    build_forecast,
)

CALENDAR = PeriodCalendar()
AT = datetime(2026, 11, 1, tzinfo=UTC)
ONE_SENT_80 = Totals(total=Decimal(80), weighted=Decimal(40), pipeline=Decimal(80), deals=1)


def deal(quote_id: int, amount: str, stage: Stage = Stage.SENT, **extra: object) -> Deal:
    values: dict[str, object] = {"currency": "USD", "close_date": date(2026, 11, 20)} | extra
    return Deal(quote_id, 7, Decimal(amount), stage=stage, **values)  # type: ignore[arg-type]


def test_categories_are_cumulative_and_the_managers_override_wins() -> None:
    deals = [
        deal(1, "100", rep_category=Category.COMMIT),
        deal(2, "200", rep_category=Category.PIPELINE, manager_category=Category.BEST_CASE),
        deal(3, "300", rep_category=Category.COMMIT, manager_category=Category.OMITTED),
        deal(4, "400"),
    ]

    (row,) = build_forecast(Snapshot(deals), None, CALENDAR, Grain.QUARTER)

    assert row.period.label == "FY2026-Q4" and row.currency == "USD"
    assert row.totals == Totals(
        total=Decimal(1000),
        weighted=Decimal("500.00"),
        commit=Decimal(100),
        best_case=Decimal(300),
        pipeline=Decimal(700),
        deals=4,
    )
    assert row.change is None
    assert [d.category for d in row.deals] == [
        Category.COMMIT,
        Category.BEST_CASE,
        Category.OMITTED,
        Category.PIPELINE,
    ]


def test_lost_rejected_and_expired_deals_are_out_and_currencies_never_add() -> None:
    deals = [
        deal(1, "100", Stage.LOST),
        deal(2, "100", Stage.EXPIRED),
        deal(3, "100", Stage.REJECTED),
        deal(4, "100", Stage.WON),
        deal(5, "50", Stage.DRAFT, currency="EUR"),
    ]

    rows = build_forecast(Snapshot(deals), None, CALENDAR, Grain.MONTH)

    assert [(r.currency, r.totals.total, r.totals.weighted, r.totals.commit) for r in rows] == [
        ("EUR", Decimal(50), Decimal("5.00"), Decimal(0)),
        ("USD", Decimal(100), Decimal(100), Decimal(100)),
    ]


def test_slips_count_in_the_period_they_left_and_change_is_now_minus_then() -> None:
    slip = Slip(1, Decimal("80"), "USD", date(2026, 12, 30), AT)
    then = Snapshot([deal(1, "80", close_date=date(2026, 12, 30))])
    now = Snapshot([deal(1, "80", close_date=date(2027, 1, 5))], [slip])

    rows = build_forecast(now, then, CALENDAR, Grain.QUARTER)

    assert [(r.period.label, r.totals.slipped, r.change) for r in rows] == [
        ("FY2026-Q4", Decimal(80), Totals(slipped=Decimal(80), slips=1) - ONE_SENT_80),
        ("FY2027-Q1", Decimal(0), ONE_SENT_80),
    ]


STAGES = st.sampled_from(Stage)
CATEGORIES = st.none() | st.sampled_from(Category)
DEALS = st.lists(
    st.builds(
        Deal,
        st.integers(min_value=1, max_value=50),
        st.just(7),
        st.decimals(min_value=0, max_value=10**9, places=2),
        st.sampled_from(["USD", "EUR", "THB"]),
        st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
        STAGES,
        CATEGORIES,
        CATEGORIES,
    ),
    max_size=30,
)


@given(DEALS, st.sampled_from([Grain.MONTH, Grain.QUARTER, Grain.YEAR]))
def test_commit_within_best_case_within_pipeline_within_total_per_currency(
    deals: list[Deal], grain: Grain
) -> None:
    rows = build_forecast(Snapshot(deals), Snapshot(deals), CALENDAR, grain)

    for row in rows:
        t = row.totals
        assert 0 <= t.commit <= t.best_case <= t.pipeline <= t.total
        assert t.weighted <= t.total
        assert {d.currency for d in row.deals} <= {row.currency}
        assert row.change == Totals()
    counted = [d for d in deals if d.stage in PROBABILITY]
    assert sum(r.totals.deals for r in rows) == len(counted)
    for currency in {d.currency for d in counted}:
        assert sum(r.totals.total for r in rows if r.currency == currency) == sum(
            d.amount for d in counted if d.currency == currency
        )


AMOUNTS = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False)
TOTALS = st.builds(
    Totals,
    AMOUNTS,
    AMOUNTS,
    AMOUNTS,
    AMOUNTS,
    AMOUNTS,
    AMOUNTS,
    st.integers(-1000, 1000),
    st.integers(-1000, 1000),
)


@given(TOTALS, TOTALS)
def test_totals_add_and_subtract_every_figure(a: Totals, b: Totals) -> None:
    names = [f.name for f in dataclasses.fields(Totals)]

    added, taken = a + b, a - b

    assert [getattr(added, n) for n in names] == [getattr(a, n) + getattr(b, n) for n in names]
    assert [getattr(taken, n) for n in names] == [getattr(a, n) - getattr(b, n) for n in names]
    assert added - b == a
