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
