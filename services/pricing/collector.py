"""The engine's callers pause the cyclic garbage collector while it prices.

A 1,000-line quote allocates some 25,000 container objects (steps, lines, amounts)
that all live until the quote is priced: the collector, triggered every 700 of them,
walks them some 35 times during the call (a tenth of the engine's instructions, and a
fifth of its CPU time on a loaded machine, where walking memory stalls most), finds
nothing to free, and promotes them towards the oldest
generation, bringing the next full collection of the whole process heap nearer.
The engine is pure and must not touch process-wide state, so its callers in the
services pause the collector around the call; the objects are looked at once by the
next collection, after the call, when most of the engine's bookkeeping is gone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic GC off; switch it back on after, even on an error.

    Nested or concurrent pauses are harmless: a block entered while the collector is
    already off leaves it to whoever switched it off. Reference counting still frees
    every acyclic object at once; only cycles wait for the next collection.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
