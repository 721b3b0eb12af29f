"""Scheduled tournament rounds: properties of any field and any scores (every round halves
the field, rounding up; one champion after enough ended rounds; a tie advances the higher
seed; byes go to the top seed) and hand-played examples, including odd fields."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gamification.metrics import Better
from gamification.ranking import Entry
from gamification.rounds import MAX_ROUNDS, RoundWindow, pairs_of, play_bracket, schedule_problems

T0 = datetime(2026, 11, 1, tzinfo=UTC)
DAY = timedelta(days=1)


def windows(n: int) -> list[RoundWindow]:
    return [RoundWindow(i + 1, T0 + i * DAY, T0 + (i + 1) * DAY) for i in range(n)]


def entries(n: int) -> list[Entry]:
    return [Entry(f"p{i}", f"P{i:02d}", Decimal(n - i)) for i in range(n)]


scores_st = st.integers(min_value=0, max_value=3)


@given(
    st.integers(min_value=2, max_value=20),
    st.lists(st.dictionaries(st.integers(0, 19), scores_st), min_size=5, max_size=5),
    st.sampled_from(list(Better)),
)
def test_every_ended_round_halves_the_field_and_enough_rounds_crown_one_champion(
    size: int, raw: list[dict[int, int]], direction: Better
) -> None:
    rounds = [{f"p{k}": Decimal(v) for k, v in r.items() if k < size} for r in raw]
    needed = math.ceil(math.log2(size))
    after = T0 + 10 * DAY

    bracket = play_bracket(entries(size), windows(5), rounds, after, direction)

    field = size
    for played in bracket.rounds[:needed]:
        assert len(played.matches) == math.ceil(field / 2)
        assert sum(m.lower is None for m in played.matches) == field % 2
        assert all(m.lower is not None or m.higher.seed == 1 for m in played.matches)
        assert len(played.advancing) == math.ceil(field / 2)
        field = math.ceil(field / 2)
    assert all(r.matches == () for r in bracket.rounds[needed:])
    assert bracket.champion is not None and bracket.winners == (bracket.champion,)
    assert bracket.champion in bracket.rounds[needed - 1].advancing


@given(st.integers(min_value=2, max_value=16), st.sampled_from(list(Better)))
def test_a_tie_advances_the_higher_seed_and_a_better_score_the_lower(
    size: int, direction: Better
) -> None:
    tied = play_bracket(entries(size), windows(1), [{}], T0 + DAY, direction)
    assert all(m.winner == m.higher.participant for m in tied.rounds[0].matches)
    assert {m.decided_by for m in tied.rounds[0].matches} <= {"seed", "bye"}

    good = Decimal(9) if direction is Better.HIGHER else Decimal(-9)
    lows = {m.lower.participant: good for m in tied.rounds[0].matches if m.lower is not None}
    upset = play_bracket(entries(size), windows(1), [lows], T0 + DAY, direction)
    for match in upset.rounds[0].matches:
        expected = match.higher if match.lower is None else match.lower
        assert match.winner == expected.participant


def test_a_schedule_that_runs_out_leaves_those_still_in_as_the_winners() -> None:
    bracket = play_bracket(entries(8), windows(2), [{}, {}], T0 + 3 * DAY, Better.HIGHER)

    assert bracket.champion is None
    assert bracket.winners == ("p0", "p1")


def test_a_running_round_has_live_scores_no_winners_and_the_next_round_no_pairs() -> None:
    live = {"p3": Decimal(2)}
    bracket = play_bracket(entries(4), windows(2), [live], T0 + DAY / 2, Better.HIGHER)

    first, second = bracket.rounds
    assert [(m.higher.score, m.lower and m.lower.score, m.winner) for m in first.matches] == [
        (Decimal(0), Decimal(2), None),
        (Decimal(0), Decimal(0), None),
    ]
    assert second.matches == () and bracket.winners == ()


def test_five_entrants_give_the_top_seed_a_bye_each_round_it_is_odd() -> None:
    assert pairs_of(["a", "b", "c", "d", "e"]) == (("a", None), ("b", "e"), ("c", "d"))
    rounds = [{"p1": Decimal(1), "p2": Decimal(1)}, {}, {}]
    bracket = play_bracket(entries(5), windows(3), rounds, T0 + 5 * DAY, Better.HIGHER)
    # round 1: p0 bye, p1 beats p4, p2 beats p3; round 2 reseeded by round 1: p1, p2 (1 each,
    # earlier seeds first) then p0 (0): p1 bye, p2 v p0 (tie: p2 the higher seed)
    assert [m.decided_by for m in bracket.rounds[1].matches] == ["bye", "seed"]
    assert bracket.rounds[1].advancing == ("p1", "p2")
    assert bracket.champion == "p1"  # the final p1 v p2 tied: the higher seed


def test_the_schedule_lies_in_the_window_in_order_and_is_bounded() -> None:
    end = T0 + 10 * DAY
    assert schedule_problems(T0, end, windows(3)) == ()
    outside = [RoundWindow(1, T0 - DAY, T0 + DAY)]
    assert schedule_problems(T0, end, outside) == (
        ("rounds.0", "A round lies inside the contest's window."),
    )
    overlapping = [RoundWindow(1, T0, T0 + 2 * DAY), RoundWindow(2, T0 + DAY, T0 + 3 * DAY)]
    assert [f for f, _ in schedule_problems(T0, end, overlapping)] == ["rounds.1.startsAt"]
    backwards = [RoundWindow(1, T0 + DAY, T0)]
    assert [f for f, _ in schedule_problems(T0, end, backwards)] == ["rounds.0.endsAt"]
    naive = [RoundWindow(1, T0.replace(tzinfo=None), T0.replace(tzinfo=None) + DAY)]
    assert [f for f, _ in schedule_problems(T0, end, naive)] == ["rounds.0"]
    assert [f for f, _ in schedule_problems(T0, end + 100 * DAY, windows(MAX_ROUNDS + 1))] == [
        "rounds"
    ]
