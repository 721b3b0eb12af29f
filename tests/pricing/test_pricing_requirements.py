"""REQUIRES loops: a new requirement that closes a loop is found, with the loop it closes."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from pricing.requirements import requires_cycle


def test_a_requirement_back_to_its_start_closes_a_loop() -> None:
    assert requires_cycle([(1, 2), (2, 3)], (3, 1)) == [3, 1, 2, 3]


def test_a_requirement_of_itself_is_a_loop_of_one() -> None:
    assert requires_cycle([], (7, 7)) == [7, 7]


def test_requirements_that_only_branch_close_no_loop() -> None:
    assert requires_cycle([(1, 2), (1, 3), (2, 4), (3, 4)], (1, 4)) is None


@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=20),
    st.integers(0, 6),
    st.integers(0, 6),
)
def test_a_loop_found_starts_and_ends_at_the_new_requirement_and_follows_the_edges(
    edges: list[tuple[int, int]], source: int, target: int
) -> None:
    loop = requires_cycle(edges, (source, target))
    if loop is not None:
        assert loop[0] == loop[-1] == source and loop[1] == target
        steps = set(edges) | {(source, target)}
        assert all((a, b) in steps for a, b in itertools.pairwise(loop))
