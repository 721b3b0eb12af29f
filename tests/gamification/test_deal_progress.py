"""A deal won now in a running contest: what it adds, and the rank it would reach."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gamification.contests import Contest, ContestKind, Score, Scoring, standings
from gamification.deal_progress import progress, score_delta
from gamification.facts import Fact, attributes_of
from gamification.metrics import Better
from gamification.standard_metrics import STANDARD_METRICS_BY_KEY

START = datetime(2026, 12, 1, tzinfo=UTC)
NOW = START + timedelta(days=1)
REVENUE = STANDARD_METRICS_BY_KEY["REVENUE"]
SALES = STANDARD_METRICS_BY_KEY["SALES"]
CALLS = STANDARD_METRICS_BY_KEY["CALLS"]
AVERAGE_TICKET = STANDARD_METRICS_BY_KEY["AVERAGE_TICKET"]


def sale(amount: Decimal, units: int = 1) -> Fact:
    return Fact(
        rep_id=1,
        kind="SALE",
        occurred_at=NOW,
        quantity=Decimal(units),
        amount=amount,
        customer_key="account:7",
        attributes=attributes_of({"currency": "USD"}),
        external_id="preview",
    )


def race(direction: Better = Better.HIGHER, scoring: Scoring = Scoring.RAW) -> Contest:
    return Contest(
        ContestKind.RACE, "REVENUE", START, START + timedelta(days=7), direction, scoring
    )


def board(contest: Contest, values: list[int]) -> tuple[list[Score], object]:
    scores = [Score(f"{i}", f"Rep {i}", Decimal(v), Decimal(1000)) for i, v in enumerate(values)]
    return scores, standings(contest, scores, NOW)


def test_revenue_adds_the_net_and_a_count_adds_one_and_calls_do_not_count() -> None:
    assert score_delta(REVENUE, sale(Decimal("5600.00"))) == (True, Decimal("5600.00"))
    assert score_delta(SALES, sale(Decimal("5600.00"))) == (True, Decimal(1))
    assert score_delta(CALLS, sale(Decimal("5600.00"))) == (False, None)
    every = STANDARD_METRICS_BY_KEY
    assert score_delta(AVERAGE_TICKET, sale(Decimal("5600.00")), every) == (True, None)
    per_call = STANDARD_METRICS_BY_KEY["REVENUE_PER_CALL"]
    assert score_delta(per_call, sale(Decimal("5600.00")), every) == (True, None)
    per_hour = STANDARD_METRICS_BY_KEY["CALLS_PER_HOUR"]
    assert score_delta(per_hour, sale(Decimal("5600.00")), every) == (False, None)


def test_the_deal_takes_the_second_to_the_top() -> None:
    contest = race()
    _, live = board(contest, [5000, 1000, 300])

    step = progress(contest, live, "1", REVENUE, sale(Decimal(5600)), NOW)  # type: ignore[arg-type]

    assert (step.rank_before, step.rank_after) == (2, 1)
    assert (step.score_before, step.score_after) == (Decimal(1000), Decimal(6600))
    assert step.leader_score == Decimal(5000)


def test_someone_not_on_the_board_gets_no_projection() -> None:
    contest = race()
    _, live = board(contest, [5000, 1000])

    step = progress(contest, live, "99", REVENUE, sale(Decimal(5600)), NOW)  # type: ignore[arg-type]

    assert step.counts is True and step.rank_before is None and step.rank_after is None


@given(
    values=st.lists(st.integers(0, 10_000), min_size=1, max_size=12),
    who=st.integers(0, 11),
    amount=st.integers(0, 20_000),
    direction=st.sampled_from(list(Better)),
    scoring=st.sampled_from(list(Scoring)),
)
def test_a_sale_never_costs_a_place_when_higher_is_better_and_never_wins_one_when_lower(
    values: list[int], who: int, amount: int, direction: Better, scoring: Scoring
) -> None:
    contest = race(direction, scoring)
    participant = str(who % len(values))
    scores, live = board(contest, values)

    step = progress(contest, live, participant, REVENUE, sale(Decimal(amount)), NOW)  # type: ignore[arg-type]

    assert step.score_delta == Decimal(amount)
    assert step.rank_before is not None and step.rank_after is not None
    if amount == 0:
        assert step.rank_after == step.rank_before
    elif direction is Better.HIGHER:
        assert step.rank_after <= step.rank_before
    else:
        assert step.rank_after >= step.rank_before
    # the projection is the board the engine would rank with the raised value
    raised = [
        Score(s.participant, s.name, s.value + Decimal(amount), s.target, NOW)
        if s.participant == participant
        else s
        for s in scores
    ]
    expected = standings(contest, raised, NOW).ranking.rank_of(participant)
    assert amount == 0 or step.rank_after == expected
