"""Head-to-head matches and tournament rounds: pairs decided by score, winners advance.

A match is won by the better score; equal scores are decided by the board's visible
tie-breaker (``gamification.ranking``), and the match says which decided it. A
tournament round is a bracket seeded by the previous round's scores (seed 1 meets
the last seed, 2 the second last, ...); with an odd field the top seed has a bye.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from gamification.metrics import Better
from gamification.ranking import Entry, Ranking, rank

S = TypeVar("S")
"""A seed: a participant's key or its entry."""


@dataclass(frozen=True, slots=True)
class Match:
    """Two participants' scores and who won; ``decided_by`` is "score", "tie-breaker"
    or "bye" (``second`` is None then)."""

    first: Entry
    second: Entry | None
    winner: str
    decided_by: str


def play(first: Entry, second: Entry | None, direction: Better) -> Match:
    """The match between two entries (or a bye when ``second`` is None)."""
    if second is None:
        return Match(first, None, first.participant, "bye")
    board = rank([first, second], direction)
    top = board.entries[0]
    decided_by = "tie-breaker" if board.entries[1].rank == top.rank else "score"
    return Match(first, second, top.participant, decided_by)


def head_to_head(
    pairs: Sequence[tuple[str, str]], entries: Mapping[str, Entry], direction: Better
) -> tuple[Match, ...]:
    """Each pair's match over the participants' entries (every paired key has one)."""
    return tuple(play(entries[a], entries[b], direction) for a, b in pairs)


def pairs_in_order(participants: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Pairs in enrolment order, first with second, third with fourth (an odd last sits out)."""
    return tuple(zip(participants[0::2], participants[1::2], strict=False))


def pairs_of(seeded: Sequence[S]) -> tuple[tuple[S, S | None], ...]:
    """The round's pairs from the seeds in order: 1 against the last, 2 the second last...,
    the top seed alone (a bye) when the field is odd."""
    seeds = list(seeded)
    pairs: list[tuple[S, S | None]] = []
    if len(seeds) % 2:
        pairs.append((seeds.pop(0), None))
    while seeds:
        pairs.append((seeds.pop(0), seeds.pop()))
    return tuple(pairs)


def bracket(seeding: Ranking) -> tuple[tuple[Entry, Entry | None], ...]:
    """The round's pairs of entries, seeded by ``seeding`` (``pairs_of``)."""
    return pairs_of([r.entry for r in seeding.entries])


@dataclass(frozen=True, slots=True)
class Round:
    """One tournament round: its number, its matches and who advances."""

    number: int
    matches: tuple[Match, ...]

    @property
    def advancing(self) -> tuple[str, ...]:
        return tuple(m.winner for m in self.matches)


@dataclass(frozen=True, slots=True)
class Tournament:
    """The rounds played and the champion (None while more than one remains)."""

    rounds: tuple[Round, ...]
    champion: str | None


def tournament(
    seeding: Sequence[Entry], rounds: Sequence[Mapping[str, Entry]], direction: Better
) -> Tournament:
    """Play ``rounds`` (each round's scores by participant) from the ``seeding`` scores.

    Each round's bracket is seeded by the previous round's scores of the participants
    still in (the first by ``seeding``); a round with no score for a participant still
    in raises ``KeyError``.
    """
    field = list(seeding)
    played: list[Round] = []
    for number, scores in enumerate(rounds, start=1):
        if len(field) < 2:
            break
        pairs = bracket(rank(field, direction))
        matches = tuple(
            play(scores[a.participant], None if b is None else scores[b.participant], direction)
            for a, b in pairs
        )
        played.append(Round(number, matches))
        field = [scores[winner] for winner in played[-1].advancing]
    champion = field[0].participant if len(field) == 1 else None
    return Tournament(tuple(played), champion)
