"""Estimates kept per process, keyed by everything they are computed from.

``myCommissions`` estimates each of the rep's open quotes on every request (its open
pipeline), and ``Quote.commissionEstimate`` each quote it lists: the same deals folded onto
the same period state, request after request. ``commissions.estimate_deal`` is a pure
function of its inputs, so its result is kept keyed by their values: the rep's period state,
the plan's versions, the calendar and the exchange rates (one ``Basis`` per rep and period,
hashed once and interned, so the deals' keys share it), the deal (its lines, account, close
date, currency) and its splits. A change to any of them is another key: an entry is never
stale, only unused, and the least recently used go first past ``MAX_KEPT``. Inputs that
cannot be hashed are estimated every time.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

import commissions as engine

MAX_KEPT = 4096
"""Estimates kept (a few kilobytes each)."""
MAX_BASES = 1024
"""Rep periods whose basis is interned."""


class Basis:
    """A rep period's inputs to its estimates, with their hash computed once."""

    __slots__ = ("_hash", "values")

    def __init__(self, values: tuple[Hashable, ...]) -> None:
        self.values = values
        self._hash = hash(values)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Basis):
            return NotImplemented
        return self is other or (self._hash == other._hash and self.values == other.values)


_bases: OrderedDict[Basis, Basis] = OrderedDict()
_kept: OrderedDict[Hashable, engine.Estimate] = OrderedDict()


def basis(
    state: engine.PeriodState,
    versions: tuple[engine.PlanVersion, ...],
    calendar: engine.FiscalCalendar,
    rates: tuple[engine.ExchangeRate, ...],
) -> Basis | None:
    """The interned basis of these inputs (the same object for equal values, so the keys of
    its deals compare it by identity), or ``None`` when they cannot be hashed."""
    try:
        found = Basis((state, versions, calendar, rates))
    except TypeError:
        return None
    interned = _bases.get(found)
    if interned is None:
        _bases[found] = interned = found
        if len(_bases) > MAX_BASES:
            _bases.popitem(last=False)
    else:
        _bases.move_to_end(found)
    return interned


def estimate(
    on: Basis | None,
    deal: engine.Deal,
    splits: tuple[engine.Split, ...],
    compute: Callable[[], engine.Estimate],
) -> engine.Estimate:
    """The kept estimate of ``deal`` with ``splits`` on ``on``, else ``compute()``'s (kept)."""
    if on is None:
        return compute()
    key = (on, deal, splits)
    try:
        found = _kept.get(key)
    except TypeError:  # a deal that cannot be hashed
        return compute()
    if found is not None:
        _kept.move_to_end(key)
        return found
    found = compute()
    _kept[key] = found
    if len(_kept) > MAX_KEPT:
        _kept.popitem(last=False)
    return found


def clear() -> None:
    """Forget every kept estimate (tests)."""
    _kept.clear()
    _bases.clear()
