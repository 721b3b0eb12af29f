"""The cyclic garbage collector paused while a period close builds its values.

A close builds about a million small objects (credits, their lines, payout lines, line
records) and keeps many of them alive until they are written: every few hundred
allocations the collector ran, and its full passes scanned everything alive, a third of
the close's CPU. None of these values forms a reference cycle (frozen engine values,
tuples, strings), so reference counting frees them; the collector is paused for the
close and runs again after (whatever cyclic garbage other work made meanwhile is
collected then). Pauses nest: the collector runs again when the last one ends, and only
if it was running when the first began.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


class _Pauses:
    def __init__(self) -> None:
        self.depth = 0
        self.resume = False


_PAUSES = _Pauses()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause ``gc`` for the block (nesting, and restoring the state found first)."""
    if _PAUSES.depth == 0:
        _PAUSES.resume = gc.isenabled()
        gc.disable()
    _PAUSES.depth += 1
    try:
        yield
    finally:
        _PAUSES.depth -= 1
        if _PAUSES.depth == 0 and _PAUSES.resume:
            gc.enable()
