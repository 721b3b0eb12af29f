"""Tournament rounds on a schedule: each round has its own window, seeded by the one before.

A scheduled tournament plays its rounds one after another, each over its own window
``[starts_at, ends_at)`` inside the contest's. Round 1 is seeded by the scores from the
contest's start to the round's start (a qualifying period; when there is none every
score is 0 and the board's tie-breaker orders the seeds); each later round by the
scores of the round before among those who advanced, ties keeping the earlier seed
order. Pairs follow ``gamification.matches.pairs_of``: seed 1 meets the last seed, 2 the
second last, and with an odd field the top seed has a bye (advances without a match).

A match is decided when its round's window has ended: the better round score wins, and
**equal scores advance the higher seed** (``decided_by`` "seed"), a rule a reader can
check from the seeds shown. While a round runs, its matches show the live scores and no
winner; a round whose field is not known yet (the round before is still running) has no
matches. The champion is the last one left; when the schedule runs out with more than
one still in, those still in are the winners (each gets a winner's prize).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from gamification.matches import pairs_of
from gamification.metrics import Better
from gamification.ranking import Entry, better, rank

MAX_ROUNDS = 10
"""At most ten rounds (a field of 1,024 is decided in ten)."""
SEED_RULE = "equal scores in a match: the higher seed advances"


@dataclass(frozen=True, slots=True)
class RoundWindow:
    """When round ``number`` (from 1) is played: ``[starts_at, ends_at)``."""

    number: int
    starts_at: datetime
    ends_at: datetime


def schedule_problems(
    starts_at: datetime, ends_at: datetime, rounds: Sequence[RoundWindow]
) -> tuple[tuple[str, str], ...]:
    """(field, message) for each rule the schedule breaks: at most ``MAX_ROUNDS`` rounds,
    each with a time zone, ending after it starts, inside the contest's window, and in
    order without overlapping (gaps between rounds are allowed)."""
    found: list[tuple[str, str]] = []
    if len(rounds) > MAX_ROUNDS:
        return (("rounds", f"A tournament has at most {MAX_ROUNDS} rounds."),)
    previous_end: datetime | None = None
    for index, window in enumerate(rounds):
        at = f"rounds.{index}"
        if window.starts_at.tzinfo is None or window.ends_at.tzinfo is None:
            found.append((at, "A round's window is given with a time zone."))
            continue
        if window.ends_at <= window.starts_at:
            found.append((f"{at}.endsAt", "A round ends after it starts."))
        elif window.starts_at < starts_at or window.ends_at > ends_at:
            found.append((at, "A round lies inside the contest's window."))
        elif previous_end is not None and window.starts_at < previous_end:
            found.append((f"{at}.startsAt", "A round starts after the round before ends."))
        previous_end = window.ends_at
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Seat:
    """A participant in a match: their seed in the round (1 is the best) and their score
    over the round's window so far (None before the round starts)."""

    participant: str
    name: str
    seed: int
    score: Decimal | None


@dataclass(frozen=True, slots=True)
class BracketMatch:
    """Two seats (``lower`` None: a bye); ``winner`` and ``decided_by`` ("score", "seed" or
    "bye") once the round has ended, None while it runs."""

    higher: Seat
    lower: Seat | None
    winner: str | None
    decided_by: str | None


@dataclass(frozen=True, slots=True)
class BracketRound:
    """A round of the schedule and its matches (none while its field is not known)."""

    number: int
    starts_at: datetime
    ends_at: datetime
    matches: tuple[BracketMatch, ...]

    @property
    def advancing(self) -> tuple[str, ...]:
        return tuple(m.winner for m in self.matches if m.winner is not None)


@dataclass(frozen=True, slots=True)
class Bracket:
    """The rounds as played so far, the champion (None until one is left) and the winners
    (the champion; those still in when the schedule ran out; empty until decided)."""

    rounds: tuple[BracketRound, ...]
    champion: str | None
    winners: tuple[str, ...]
    rule: str = SEED_RULE


def _match(
    higher: tuple[Entry, int],
    lower: tuple[Entry, int] | None,
    scores: Mapping[str, Decimal] | None,
    ended: bool,
    direction: Better,
) -> BracketMatch:
    def seat(entry: Entry, seed: int) -> Seat:
        score = None if scores is None else scores.get(entry.participant, Decimal(0))
        return Seat(entry.participant, entry.name, seed, score)

    top = seat(*higher)
    if lower is None:
        return BracketMatch(top, None, top.participant, "bye")
    bottom = seat(*lower)
    if not ended or top.score is None or bottom.score is None:
        return BracketMatch(top, bottom, None, None)
    if better(bottom.score, top.score, direction):
        return BracketMatch(top, bottom, bottom.participant, "score")
    decided_by = "seed" if top.score == bottom.score else "score"
    return BracketMatch(top, bottom, top.participant, decided_by)


def _reseed(
    advancing: Sequence[str],
    seeds: Mapping[str, tuple[Entry, int]],
    scores: Mapping[str, Decimal],
    direction: Better,
) -> list[Entry]:
    """Those who advanced, best round score first, ties in their earlier seed order."""

    def key(participant: str) -> tuple[Decimal, int]:
        score = scores.get(participant, Decimal(0))
        return (-score if direction is Better.HIGHER else score, seeds[participant][1])

    return [seeds[p][0] for p in sorted(advancing, key=key)]


def play_bracket(
    seeding: Sequence[Entry],
    schedule: Sequence[RoundWindow],
    round_scores: Sequence[Mapping[str, Decimal]],
    now: datetime,
    direction: Better,
) -> Bracket:
    """The bracket at ``now`` from the qualifying ``seeding`` and each started round's
    scores by participant (``round_scores[i]`` for ``schedule[i]``; a participant left
    out scored 0; rounds not started need none)."""
    field = [r.entry for r in rank(seeding, direction).entries]
    played: list[BracketRound] = []
    known = True
    for index, window in enumerate(schedule):
        if not known or len(field) < 2:
            played.append(BracketRound(window.number, window.starts_at, window.ends_at, ()))
            known = False if len(field) >= 2 else known
            continue
        started, ended = now >= window.starts_at, now >= window.ends_at
        scores = round_scores[index] if started and index < len(round_scores) else None
        seeds = {e.participant: (e, n) for n, e in enumerate(field, start=1)}
        matches = tuple(
            _match(seeds[a], None if b is None else seeds[b], scores, ended, direction)
            for a, b in pairs_of([e.participant for e in field])
        )
        this = BracketRound(window.number, window.starts_at, window.ends_at, matches)
        played.append(this)
        if not ended:
            known = False
            continue
        field = _reseed(this.advancing, seeds, scores or {}, direction)
    champion = field[0].participant if known and len(field) == 1 else None
    if champion is not None:
        winners: tuple[str, ...] = (champion,)
    elif known and schedule and now >= schedule[-1].ends_at:
        winners = tuple(e.participant for e in field)
    else:
        winners = ()
    return Bracket(tuple(played), champion, winners)
