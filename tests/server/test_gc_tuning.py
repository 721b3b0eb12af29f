"""The served process freezes its start-up heap and collects its young generation less often."""

from __future__ import annotations

import gc

from server.gc_tuning import OLDER_THRESHOLDS, YOUNG_THRESHOLD, freeze_warmed, tune_gc


def test_tuning_freezes_the_start_up_heap_and_raises_the_thresholds() -> None:
    before = gc.get_threshold()
    try:
        tune_gc()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
        assert before[0] < YOUNG_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_what_loads_after_start_up_is_frozen_once_warmed() -> None:
    """The dictionaries a served process loads in the background join the frozen start-up
    heap: no full collection walks them again."""
    before = gc.get_threshold()
    try:
        tune_gc()
        frozen = gc.get_freeze_count()
        loaded_later = [[n] for n in range(1_000)]  # lists: always tracked
        freeze_warmed()
        assert gc.get_freeze_count() >= frozen + len(loaded_later)
        walked = {id(o) for o in gc.get_objects()}  # what a collection still walks
        assert not any(id(o) in walked for o in loaded_later)
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_a_process_that_never_froze_keeps_the_collector_as_it_is() -> None:
    assert gc.get_freeze_count() == 0
    freeze_warmed()
    assert gc.get_freeze_count() == 0
