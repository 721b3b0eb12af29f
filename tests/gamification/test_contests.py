"""Contests: standings with prizes per kind, frozen rules, the window's status, rank moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gamification.contests import (
    FROZEN_FIELDS,
    Contest,
    ContestKind,
    ContestStatus,
    Prize,
    PrizeKind,
    Score,
    Scoring,
    TeamScore,
    frozen_changes,
    problems,
    rank_changes,
    standings,
    status,
    team_score,
)

START = datetime(2026, 12, 1, tzinfo=UTC)
END = START + timedelta(days=7)
CASH = Prize(1, 1, PrizeKind.CASH, "first", Decimal(500), "USD")
TRIP = Prize(2, 3, PrizeKind.NON_CASH, "dinner", Decimal(80), "USD")


def contest(kind: ContestKind = ContestKind.RACE, **more: object) -> Contest:
    return Contest(kind, "calls", START, END, prizes=(CASH, TRIP), **more)  # type: ignore[arg-type]


def scores(*values: int) -> list[Score]:
    return [Score(f"r{i}", f"Rep {i}", Decimal(v)) for i, v in enumerate(values)]


def test_a_race_ranks_with_ties_and_pays_prizes_by_rank() -> None:
    board = standings(contest(), scores(5, 9, 9, 2), START)
    assert [(s.ranked.participant, s.ranked.rank) for s in board.rows] == [
        ("r1", 1),
        ("r2", 1),
        ("r0", 3),
        ("r3", 4),
    ]
    assert [s.prizes for s in board.rows] == [(CASH,), (CASH,), (TRIP,), ()]
    assert board.status is ContestStatus.RUNNING


def test_everyone_reaching_a_target_wins() -> None:
    board = standings(contest(ContestKind.TARGET, target=Decimal(5)), scores(5, 9, 4), END)
    assert {s.ranked.participant for s in board.rows if s.won} == {"r0", "r1"}
    assert board.status is ContestStatus.ENDED


def test_attainment_ranks_against_each_reps_own_target_and_sets_aside_those_without() -> None:
    people = [
        Score("veteran", "V", Decimal(100), Decimal(200)),
        Score("new_hire", "N", Decimal(30), Decimal(40)),
        Score("no_target", "X", Decimal(500)),
    ]
    board = standings(contest(scoring=Scoring.ATTAINMENT), people, START)
    assert [s.ranked.participant for s in board.rows] == ["new_hire", "veteran"]
    assert board.rows[0].ranked.entry.score == Decimal("0.75")
    assert [s.participant for s in board.unscored] == ["no_target"]


def test_head_to_head_pairs_are_won_by_the_better_score_and_ties_by_the_tie_breaker() -> None:
    early = START + timedelta(hours=1)
    people = [
        Score("a", "A", Decimal(3)),
        Score("b", "B", Decimal(4)),
        Score("c", "C", Decimal(6), reached_at=early + timedelta(hours=1)),
        Score("d", "D", Decimal(6), reached_at=early),
    ]
    board = standings(contest(ContestKind.HEAD_TO_HEAD), people, START)
    assert [(m.winner, m.decided_by) for m in board.matches] == [
        ("b", "score"),
        ("d", "tie-breaker"),
    ]
    assert {s.ranked.participant for s in board.rows if s.prizes} == {"b", "d"}


def test_a_team_scores_the_sum_or_the_average_of_its_members() -> None:
    members = [Score("1", "a", Decimal(4), Decimal(8)), Score("2", "b", Decimal(2), Decimal(4))]
    assert team_score("t", "T", members, TeamScore.SUM).value == Decimal(6)
    average = team_score("t", "T", members, TeamScore.AVERAGE)
    assert (average.value, average.target) == (Decimal(3), Decimal(6))


def test_a_window_ending_before_it_starts_and_a_nan_prize_are_problems() -> None:
    bad = Contest(
        ContestKind.TARGET,
        "calls",
        END,
        START,
        prizes=(Prize(1, 1, PrizeKind.CASH, "x", Decimal("NaN"), "USD"),),
    )
    assert {p.field for p in problems(bad)} == {"endsAt", "target", "prizes.0.value"}
    assert problems(contest()) == ()


@given(st.integers(-1000, 1000), st.sets(st.sampled_from(sorted(FROZEN_FIELDS | {"name"}))))
def test_rules_are_frozen_from_the_start_of_the_window_and_a_name_never_is(
    minutes: int, changes: set[str]
) -> None:
    now = START + timedelta(minutes=minutes)
    refused = frozen_changes(contest(), changes, now)
    if status(contest(), now) is ContestStatus.SCHEDULED or not changes - {"name"}:
        assert refused is None
    else:
        assert refused is not None and set(refused.fields) == changes - {"name"}
        assert refused.code == "RULES_FROZEN"


def test_the_rank_changes_name_who_moved_and_who_left() -> None:
    before = standings(contest(), scores(5, 3, 1), START).ranking
    after = standings(contest(), scores(5, 6), START).ranking
    moved = {(c.participant, c.before, c.after) for c in rank_changes(before, after)}
    assert moved == {("r1", 2, 1), ("r0", 1, 2), ("r2", 3, None)}
