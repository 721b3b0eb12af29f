"""Reps who leave: which assignment a late clawback belongs to, and the clawback window.

A rep leaves when their last assignment ends and none follows. A return or refund of
one of their deals after that day is clawed back only within the plan's clawback
window: ``window_days`` days after the last day (inclusive); after it, the company
bears the loss. A plan without a window (``None``) claws back whenever the reversal
comes, as for a rep who stayed. A clawback inside the window belongs to the last
assignment, so it lands on the leaver's final statement when its period is still open.

A rep who holds no assignment on a return's day but one later (a leave, or a change of
role with days between) has not left: the clawback lands on the first day of their next
assignment (:func:`gap_owner`), their next statement, as a clawback dated in a closed period
lands on the first open day, and takes back what the sale paid (it is rated with its sale's
rules, ``commissions.returns``). It is never dropped, and never refused: a rep with no
assignment before or after the day was never paid for the sale by any plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from commissions.plans import Assignment


@dataclass(frozen=True, slots=True)
class Departure:
    """A rep's last day on their last plan, and that plan's clawback window."""

    rep_id: str
    last_day: date
    window_days: int | None
    """``None``: no window, every later reversal claws back."""

    def claws_back(self, reversal_day: date) -> bool:
        """True when a reversal on ``reversal_day`` still takes the commission back."""
        if reversal_day <= self.last_day or self.window_days is None:
            return True
        return reversal_day <= self.window_ends

    @property
    def window_ends(self) -> date:
        """The last day a reversal claws back (the last day itself without a window)."""
        return self.last_day + timedelta(days=self.window_days or 0)


def departure_of(
    assignments: Iterable[Assignment], windows: Mapping[str, int | None]
) -> Departure | None:
    """The rep's departure when their latest assignment has ended; None while they stay.

    ``assignments``: one rep's; ``windows``: each plan's clawback window by plan id."""
    latest = max(assignments, key=lambda a: a.start, default=None)
    if latest is None or latest.end is None:
        return None
    return Departure(latest.rep_id, latest.end, windows.get(latest.plan_id))


def late_owner(assignments: Iterable[Assignment], day: date) -> Assignment | None:
    """The assignment a credit dated ``day`` belongs to when none is in force that day:
    the last one that ended before it, when no later one started (the rep left)."""
    ordered = sorted(assignments, key=lambda a: a.start)
    if not ordered or any(a.active_on(day) or a.start > day for a in ordered):
        return None
    last = ordered[-1]
    return last if last.end is not None and last.end < day else None


def gap_owner(assignments: Iterable[Assignment], day: date) -> Assignment | None:
    """The assignment a clawback dated ``day`` lands on when none is in force that day but one
    starts later (a gap between two assignments): the next one, on its first day. None when
    one is in force that day, or none follows (the rep left: :func:`late_owner`)."""
    ordered = sorted(assignments, key=lambda a: a.start)
    if any(a.active_on(day) for a in ordered):
        return None
    return next((a for a in ordered if a.start > day), None)
