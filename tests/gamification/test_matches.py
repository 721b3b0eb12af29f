"""Tournaments: brackets seeded by the previous round, winners advance to a champion."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gamification.matches import bracket, tournament
from gamification.metrics import Better
from gamification.ranking import Entry, rank


def entries(values: dict[str, int]) -> dict[str, Entry]:
    return {k: Entry(k, k, Decimal(v)) for k, v in values.items()}


def test_the_top_seed_meets_the_last_and_has_the_bye_in_an_odd_field() -> None:
    seeds = rank(entries({"a": 9, "b": 7, "c": 5, "d": 3, "e": 1}).values(), Better.HIGHER)
    pairs = [(a.participant, b and b.participant) for a, b in bracket(seeds)]
    assert pairs == [("a", None), ("b", "e"), ("c", "d")]


def test_winners_advance_round_by_round_to_a_champion() -> None:
    seeding = list(entries({"a": 4, "b": 3, "c": 2, "d": 1}).values())
    round_one = entries({"a": 1, "b": 5, "c": 6, "d": 2})  # a-d: d wins; b-c: c wins
    round_two = entries({"c": 3, "d": 8})
    played = tournament(seeding, [round_one, round_two], Better.HIGHER)
    assert [r.advancing for r in played.rounds] == [("d", "c"), ("d",)]
    assert played.champion == "d"


@given(st.integers(2, 20), st.integers(0, 1000))
def test_each_round_halves_the_field_rounding_up_until_one_is_left(size: int, salt: int) -> None:
    names = [f"p{i}" for i in range(size)]
    rounds = [
        entries({n: (i * 7 + r * 3 + salt) % 5 for i, n in enumerate(names)}) for r in range(6)
    ]
    played = tournament(list(rounds[0].values()), rounds, Better.HIGHER)
    field = size
    for r in played.rounds:
        assert len(r.advancing) == (field + 1) // 2
        field = len(r.advancing)
    assert played.champion is not None
