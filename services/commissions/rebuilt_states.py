"""Period states rebuilt in memory, kept per process while their inputs are unchanged.

A rep without a stored state that matches (people cloned in SQL, a state not yet written)
has their period rebuilt from the ledger on every read: every credit decoded and the period
rated again, for each rep of a manager's home screen, request after request. The result is
a pure function of the engine's inputs, so it is kept keyed by them: the plan's versions and
the rep's assignment (engine values, components included), the calendar and period, the SPIF
progress carried in, and the credits' fingerprint (count, highest id and the sum of their row
versions, which any insert, update or delete of one of them changes, in any process). A
result that needed exchange rates is never kept (the rates are not in the key).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

import commissions as engine

MAX_KEPT = 2048
_kept: OrderedDict[Hashable, tuple[Hashable, engine.PeriodResult]] = OrderedDict()
"""Each key with itself as first stored: its plan versions are the same objects on every hit."""


def state_key(
    rep: int,
    period: engine.FiscalPeriod,
    versions: tuple[engine.PlanVersion, ...],
    assignment: engine.Assignment,
    calendar: engine.FiscalCalendar,
    carried: tuple[engine.SpifCounter, ...],
    credits: tuple[int, int, int],
) -> Hashable | None:
    """The key of a rep's rebuilt period, or ``None`` when its inputs cannot be hashed."""
    key = (rep, period, versions, assignment, calendar, carried, credits)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def kept(key: Hashable | None) -> engine.PeriodResult | None:
    found = recall(key)
    return None if found is None else found[1]


def recall(
    key: Hashable | None,
) -> tuple[tuple[engine.PlanVersion, ...], engine.PeriodResult] | None:
    """The kept result for ``key`` with the plan versions of the key it was kept under (equal
    to ``key``'s, and the same objects on every hit: ``commissions.context.build_context``
    remembers a context by the identity of its inputs, so a rep's standing is not built
    again on every read)."""
    if key is None:
        return None
    found = _kept.get(key)
    if found is None:
        return None
    _kept.move_to_end(key)
    first, result = found
    return first[2], result  # type: ignore[index]


def keep(key: Hashable | None, result: engine.PeriodResult) -> None:
    if key is None:
        return
    _kept[key] = (key, result)
    if len(_kept) > MAX_KEPT:
        _kept.popitem(last=False)


def clear() -> None:
    """Forget every kept state (tests)."""
    _kept.clear()
