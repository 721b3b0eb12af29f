"""The garbage collector tuned for a long-running server, applied once the app is built.

CPython's default collects the youngest generation every 700 net allocations. One
small GraphQL request allocates tens of thousands of short-lived objects (ORM rows,
results, execution frames), most freed by reference counting anyway, so the default
runs dozens of collections per request and, more costly, promotes objects still alive
across an ``await`` into older generations whose collections walk the whole heap,
including everything imported at start-up (the schema, SQLAlchemy's mappers).

* ``gc.freeze()`` after start-up moves that start-up heap into the permanent
  generation: no later collection walks it again (it is never garbage).
* A larger first threshold lets a request's garbage die by reference counting before
  a collection looks at it; the cyclic garbage that remains is still collected.
* What start-up loads in the background after that freeze, the Thai and Chinese word
  dictionaries (``services.content.segmenters``: PyThaiNLP's trie alone is some 420,000
  tracked objects), is frozen too once it has loaded (``freeze_warmed``). Left in the
  oldest generation, it made every full collection walk it: ~120 ms on a loaded 2-core
  machine (under 10 ms without it), a pause that lands in whichever request triggers it
  and that was most of the p95 of reading a long quote page by page.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 20_000
OLDER_THRESHOLDS = (20, 20)


def tune_gc() -> None:
    """Collect once, freeze what start-up built, and raise the thresholds."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)


def freeze_warmed() -> None:
    """Once background start-up work has loaded (the word dictionaries), collect and freeze
    again what the process holds, as ``tune_gc`` did at start-up; nothing when the process
    did not freeze its start-up heap (tests keep the collector's defaults)."""
    if gc.get_freeze_count() == 0:
        return
    gc.collect()
    gc.freeze()
