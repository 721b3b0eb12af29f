"""The served process freezes its start-up heap and collects its young generation less often."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from server.gc_tuning import OLDER_THRESHOLDS, YOUNG_THRESHOLD, freeze_warmed, tune_gc


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """A collector that has frozen nothing, with the default thresholds; the process's own
    state after the test (the session's app, when one was built, froze its start-up heap)."""
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count() > 0
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    try:
        yield
    finally:
        gc.unfreeze()
        if frozen:
            gc.freeze()
        gc.set_threshold(*threshold)


def test_tuning_freezes_the_start_up_heap_and_raises_the_thresholds(unfrozen: None) -> None:
    before = gc.get_threshold()
    tune_gc()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
    assert before[0] < YOUNG_THRESHOLD


def test_what_loads_after_start_up_is_frozen_once_warmed(unfrozen: None) -> None:
    """The dictionaries a served process loads in the background join the frozen start-up
    heap: no full collection walks them again."""
    tune_gc()
    frozen = gc.get_freeze_count()
    loaded_later = [[n] for n in range(1_000)]  # lists: always tracked
    freeze_warmed()
    assert gc.get_freeze_count() >= frozen + len(loaded_later)
    walked = {id(o) for o in gc.get_objects()}  # what a collection still walks
    assert not any(id(o) in walked for o in loaded_later)


def test_a_process_that_never_froze_keeps_the_collector_as_it_is(unfrozen: None) -> None:
    assert gc.get_freeze_count() == 0
    freeze_warmed()
    assert gc.get_freeze_count() == 0
