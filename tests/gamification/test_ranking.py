"""Ties are a declared rule: competition ranking with a visible, total tie-breaker."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gamification.metrics import Better
from gamification.ranking import Entry, better, rank

T0 = datetime(2026, 11, 30, 9, tzinfo=UTC)

ENTRIES = st.lists(
    st.builds(
        Entry,
        participant=st.text("abcdef", min_size=1, max_size=3),
        name=st.sampled_from(["Ann", "Bo", "Cy"]),
        score=st.integers(-5, 5).map(Decimal),
        reached_at=st.none() | st.integers(0, 5).map(lambda h: T0 + timedelta(hours=h)),
    ),
    max_size=12,
    unique_by=lambda e: e.participant,
)


def test_tied_scores_share_a_rank_and_the_next_rank_skips_the_tied_places() -> None:
    board = rank(
        [
            Entry("a", "Ann", Decimal(10)),
            Entry("b", "Bo", Decimal(8), T0),
            Entry("c", "Cy", Decimal(8), T0 - timedelta(hours=1)),
            Entry("d", "Di", Decimal(3)),
        ],
        Better.HIGHER,
    )
    assert [(r.participant, r.rank) for r in board.entries] == [
        ("a", 1),
        ("c", 2),
        ("b", 2),
        ("d", 4),
    ]
    assert "1, 2, 2, 4" in board.rule
    assert board.entries[1].tie_breaker.startswith("reached 2026-11-30T08:00:00+00:00")


def test_lower_is_better_ranks_the_smallest_score_first() -> None:
    board = rank([Entry("a", "Ann", Decimal(3)), Entry("b", "Bo", Decimal(1))], Better.LOWER)
    assert board.rank_of("b") == 1 and board.rank_of("a") == 2


@given(ENTRIES, st.sampled_from(Better))
def test_a_rank_is_one_plus_the_number_strictly_better(
    entries: list[Entry], direction: Better
) -> None:
    board = rank(entries, direction)
    for r in board.entries:
        ahead = sum(better(o.score, r.entry.score, direction) for o in entries)
        assert r.rank == 1 + ahead
    assert [r.position for r in board.entries] == list(range(1, len(entries) + 1))


@given(ENTRIES, st.sampled_from(Better), st.randoms())
def test_the_board_order_is_total_and_does_not_depend_on_input_order(
    entries: list[Entry], direction: Better, shuffler: random.Random
) -> None:
    shuffled = list(entries)
    shuffler.shuffle(shuffled)
    assert rank(entries, direction) == rank(shuffled, direction)
