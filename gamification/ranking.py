"""Competition ranking ("1, 2, 2, 4") with a declared direction and a visible tie-breaker.

Ties are a declared rule, not insertion order: entries with equal scores share a
rank (1 + how many are strictly better), and the rank after a tie skips the tied
places. Within a tie, the order on the board is decided by a tie-breaker every
entry shows: who reached the score first (an entry that never said when comes
after those that did), then the name, then the participant key, so the order is
total and the same for the same input whatever order it came in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from gamification.metrics import Better

RULE = "competition ranking (1, 2, 2, 4): rank = 1 + the number of entries strictly better"
TIE_BREAKER = "within a tie: earlier to reach the score first, then name, then participant key"


@dataclass(frozen=True, slots=True)
class Entry:
    """A participant's score; ``reached_at`` is when they reached it (None: not known)."""

    participant: str
    name: str
    score: Decimal
    reached_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Ranked:
    """An entry on the board: its rank, its place in the displayed order (1-based), and
    the tie-breaker value that placed it among entries of its rank."""

    entry: Entry
    rank: int
    position: int
    tie_breaker: str

    @property
    def participant(self) -> str:
        return self.entry.participant


@dataclass(frozen=True, slots=True)
class Ranking:
    """Ranked entries in board order, with the rule and the tie-breaker they followed."""

    direction: Better
    entries: tuple[Ranked, ...]
    rule: str = RULE
    tie_breaker: str = TIE_BREAKER

    def rank_of(self, participant: str) -> int | None:
        """The participant's rank, None when not on the board."""
        return next((r.rank for r in self.entries if r.participant == participant), None)


def better(a: Decimal, b: Decimal, direction: Better) -> bool:
    """True when score ``a`` is strictly better than ``b``."""
    return a > b if direction is Better.HIGHER else a < b


def tie_breaker_of(entry: Entry) -> str:
    """The tie-breaker as a reader sees it: when the score was reached, and the name."""
    reached = "not recorded" if entry.reached_at is None else entry.reached_at.isoformat()
    return f"reached {reached}; name {entry.name}"


def _board_key(entry: Entry, direction: Better) -> tuple[Decimal, int, datetime | str, str, str]:
    score = -entry.score if direction is Better.HIGHER else entry.score
    reached: datetime | str = "" if entry.reached_at is None else entry.reached_at
    # Known reach instants sort before unknown ones; an aware instant never meets a string
    # in a comparison because the flag before it differs.
    return score, int(entry.reached_at is None), reached, entry.name, entry.participant


def rank(entries: Iterable[Entry], direction: Better) -> Ranking:
    """The board of ``entries`` under competition ranking.

    Raises ``ValueError`` when a participant appears twice (one score each) or a score
    is not finite.
    """
    listed = list(entries)
    if len({e.participant for e in listed}) != len(listed):
        raise ValueError("each participant appears once on a board")
    if any(not e.score.is_finite() for e in listed):
        raise ValueError("scores are finite")
    ordered = sorted(listed, key=lambda e: _board_key(e, direction))
    ranked: list[Ranked] = []
    for position, entry in enumerate(ordered, start=1):
        previous = ranked[-1] if ranked else None
        same = previous is not None and previous.entry.score == entry.score
        place = previous.rank if same and previous is not None else position
        ranked.append(Ranked(entry, place, position, tie_breaker_of(entry)))
    return Ranking(direction, tuple(ranked))
