"""The cyclic garbage collector paused while a use case builds many acyclic values.

The engines are pure and must not touch process-wide state, so the services that call
them on large inputs pause the collector around the call. Two callers need it today:

* A 1,000-line quote allocates some 25,000 container objects (steps, lines, amounts) that
  all live until the quote is priced: the collector, triggered every 700 of them, walked
  them some 35 times during the call (a tenth of the engine's instructions, a fifth of its
  CPU time on a loaded machine) and freed nothing.
* A period close builds about a million small objects (credits, their lines, payout
  lines, line records) and keeps many of them alive until they are written: the
  collector's full passes scanned everything alive, a third of the close's CPU.

None of these values forms a reference cycle (frozen engine values, tuples, strings), so
reference counting frees them; the collector is paused for the block and runs again after
(whatever cyclic garbage other work made meanwhile is collected then). Pauses nest, also
across coroutines: the collector runs again when the last one ends, and only if it was
running when the first began.
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
