"""The served process freezes its start-up heap and collects its young generation less often."""

from __future__ import annotations

import gc

from server.gc_tuning import OLDER_THRESHOLDS, YOUNG_THRESHOLD, tune_gc


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
