"""Contests: the rules, their window and status, and the standings with prizes.

A contest ranks participants (reps, or teams of a manager's reps) on one metric over
a window ``[starts_at, ends_at)``. Kinds: RACE (a leaderboard, prizes by rank),
TARGET (everyone reaching ``target`` wins), HEAD_TO_HEAD (pairs; the better of each
wins) and TOURNAMENT (rounds of pairs, see ``gamification.matches``). Scoring is RAW
(the metric's value) or ATTAINMENT (value ÷ the participant's own target, ramped for
new hires by whoever supplies the targets), so volume alone cannot win.

Once the window starts, the rules a participant relies on are frozen; the end of the
window is an event of its own: the final standings close even if no value changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import auto

from gamification.enums import NamedEnum
from gamification.matches import Match, head_to_head, pairs_in_order
from gamification.metrics import Better
from gamification.ranking import Entry, Ranked, Ranking, better, rank
from gamification.rounds import Bracket, RoundWindow, schedule_problems


class ContestKind(NamedEnum):
    RACE = auto()
    TARGET = auto()
    HEAD_TO_HEAD = auto()
    TOURNAMENT = auto()


class Scoring(NamedEnum):
    RAW = auto()
    ATTAINMENT = auto()


class TeamScore(NamedEnum):
    """How a team's value comes from its members' (and its target from theirs)."""

    SUM = auto()
    AVERAGE = auto()


class ContestStatus(NamedEnum):
    SCHEDULED = auto()
    RUNNING = auto()
    ENDED = auto()


class PrizeKind(NamedEnum):
    CASH = auto()
    NON_CASH = auto()


@dataclass(frozen=True, slots=True)
class Prize:
    """What ranks ``rank_from``..``rank_to`` win (a RACE); in the other kinds a prize from
    rank 1 goes to every winner (reached the target, won the match, the champion)."""

    rank_from: int
    rank_to: int
    kind: PrizeKind
    description: str
    value: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Contest:
    kind: ContestKind
    metric_key: str
    starts_at: datetime
    ends_at: datetime
    direction: Better = Better.HIGHER
    scoring: Scoring = Scoring.RAW
    team_score: TeamScore | None = None
    """None: individual; otherwise a team contest and how members add up."""
    target: Decimal | None = None
    """The score a TARGET contest's participants must reach."""
    prizes: tuple[Prize, ...] = ()
    rounds: tuple[RoundWindow, ...] = ()
    """A TOURNAMENT's round schedule (``gamification.rounds``); empty: no schedule, the
    whole window is one round of pairs in enrolment order."""
    currency: str | None = None
    """A contest on a money metric counts only amounts in this currency (ISO 4217), so
    currencies are never added together; None for every other metric."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A rule a contest's definition breaks, and the field it concerns."""

    field: str
    message: str


def problems(contest: Contest) -> tuple[Problem, ...]:
    """What is wrong with a contest's definition (empty when nothing is)."""
    found: list[Problem] = []
    if contest.starts_at.tzinfo is None or contest.ends_at.tzinfo is None:
        found.append(Problem("window", "A contest's window is given with a time zone."))
    elif contest.ends_at <= contest.starts_at:
        found.append(Problem("endsAt", "A contest ends after it starts."))
    if not contest.metric_key.strip():
        found.append(Problem("metricKey", "A contest names its metric."))
    if contest.kind is ContestKind.TARGET and not _positive(contest.target):
        found.append(Problem("target", "A TARGET contest has a positive, finite target."))
    for index, prize in enumerate(contest.prizes):
        if not _positive(prize.value):
            found.append(Problem(f"prizes.{index}.value", "A prize's value is positive."))
        if not (1 <= prize.rank_from <= prize.rank_to):
            found.append(Problem(f"prizes.{index}.rankFrom", "Prize ranks run 1 ≤ from ≤ to."))
    if contest.rounds and contest.kind is not ContestKind.TOURNAMENT:
        found.append(Problem("rounds", "Only a TOURNAMENT has a round schedule."))
    elif contest.rounds and not found:
        starts, ends = contest.starts_at, contest.ends_at
        found += [Problem(*p) for p in schedule_problems(starts, ends, contest.rounds)]
    return tuple(found)


def _positive(value: Decimal | None) -> bool:
    return value is not None and value.is_finite() and value > 0


def status(contest: Contest, now: datetime) -> ContestStatus:
    """SCHEDULED before the window, RUNNING inside it, ENDED from its end on."""
    return window_status(contest.starts_at, contest.ends_at, now)


def window_status(starts_at: datetime, ends_at: datetime, now: datetime) -> ContestStatus:
    """``status`` of a window ``[starts_at, ends_at)`` at ``now``."""
    if now < starts_at:
        return ContestStatus.SCHEDULED
    return ContestStatus.RUNNING if now < ends_at else ContestStatus.ENDED


FROZEN_FIELDS = frozenset(
    {
        "metric",
        "window",
        "kind",
        "scoring",
        "direction",
        "target",
        "team",
        "prizes",
        "enrolment",
        "rounds",
        "currency",
    }
)
RULES_FROZEN = "RULES_FROZEN"


@dataclass(frozen=True, slots=True)
class Frozen:
    """Changes refused because the contest has started: ``code`` and the fields."""

    fields: tuple[str, ...]
    code: str = RULES_FROZEN


def frozen_changes(contest: Contest, changes: Iterable[str], now: datetime) -> Frozen | None:
    """The rule fields among ``changes`` that may no longer change (the contest started),
    or None when every change is allowed (a name or description always is)."""
    if status(contest, now) is ContestStatus.SCHEDULED:
        return None
    refused = tuple(sorted(set(changes) & FROZEN_FIELDS))
    return Frozen(refused) if refused else None


@dataclass(frozen=True, slots=True)
class Score:
    """A participant's metric value in the window, their own target (ATTAINMENT) and when
    they reached the value (the tie-breaker)."""

    participant: str
    name: str
    value: Decimal
    target: Decimal | None = None
    reached_at: datetime | None = None


def team_score(participant: str, name: str, members: Sequence[Score], how: TeamScore) -> Score:
    """A team's score from its members': the sum or the average of values and of targets;
    reached when its last member reached theirs."""
    count = Decimal(max(len(members), 1))
    scale = Decimal(1) if how is TeamScore.SUM else 1 / count
    value = sum((m.value for m in members), Decimal(0)) * scale
    targets = [m.target for m in members if m.target is not None]
    whole = bool(members) and len(targets) == len(members)
    target = sum(targets, Decimal(0)) * scale if whole else None
    times = [m.reached_at for m in members if m.reached_at is not None]
    return Score(participant, name, value, target, max(times) if times else None)


@dataclass(frozen=True, slots=True)
class Standing:
    """A participant's place: rank and tie-breaker, the value and target behind the score,
    whether they won and what."""

    ranked: Ranked
    value: Decimal
    target: Decimal | None
    won: bool
    prizes: tuple[Prize, ...]


@dataclass(frozen=True, slots=True)
class Standings:
    status: ContestStatus
    ranking: Ranking
    rows: tuple[Standing, ...]
    unscored: tuple[Score, ...] = ()
    """ATTAINMENT participants with no positive target: not ranked, and said so."""
    matches: tuple[Match, ...] = field(default=())
    bracket: Bracket | None = None
    """A scheduled TOURNAMENT's rounds (its winners are the bracket's); None otherwise."""


def scored(contest: Contest, score: Score) -> Decimal | None:
    """The score a participant is ranked on (None: attainment without a target)."""
    if contest.scoring is Scoring.RAW:
        return score.value
    if score.target is None or not _positive(score.target):
        return None
    return score.value / score.target


def standings(
    contest: Contest, scores: Sequence[Score], now: datetime, bracket: Bracket | None = None
) -> Standings:
    """The board at ``now``: ranks, tie-breakers and who wins what. A scheduled
    tournament's ``bracket`` (played from each round's own scores) decides its winners,
    and the pairs over the whole window are then not played."""
    entries: dict[str, Entry] = {}
    unscored: list[Score] = []
    for s in scores:
        value = scored(contest, s)
        if value is None:
            unscored.append(s)
        else:
            entries[s.participant] = Entry(s.participant, s.name, value, s.reached_at)
    board = rank(entries.values(), contest.direction)
    matches: tuple[Match, ...] = ()
    if bracket is None and contest.kind in (ContestKind.HEAD_TO_HEAD, ContestKind.TOURNAMENT):
        matches = head_to_head(pairs_in_order(list(entries)), entries, contest.direction)
    winners = _winners(contest, board, matches) if bracket is None else frozenset(bracket.winners)
    by_key = {s.participant: s for s in scores}
    rows = tuple(
        Standing(
            r,
            by_key[r.participant].value,
            by_key[r.participant].target,
            r.participant in winners,
            _prizes(contest, r.rank, r.participant in winners),
        )
        for r in board.entries
    )
    return Standings(status(contest, now), board, rows, tuple(unscored), matches, bracket)


def _winners(contest: Contest, board: Ranking, matches: tuple[Match, ...]) -> frozenset[str]:
    if contest.kind is ContestKind.RACE:
        return frozenset(r.participant for r in board.entries if r.rank == 1)
    if contest.kind is ContestKind.TARGET and contest.target is not None:
        goal = contest.target
        return frozenset(
            r.participant
            for r in board.entries
            if r.entry.score == goal or better(r.entry.score, goal, contest.direction)
        )
    return frozenset(m.winner for m in matches)


def _prizes(contest: Contest, place: int, won: bool) -> tuple[Prize, ...]:
    if contest.kind is ContestKind.RACE:
        return tuple(p for p in contest.prizes if p.rank_from <= place <= p.rank_to)
    return tuple(p for p in contest.prizes if won and p.rank_from == 1)


@dataclass(frozen=True, slots=True)
class RankChange:
    """A participant whose rank moved (None: not on that board)."""

    participant: str
    before: int | None
    after: int | None


def rank_changes(before: Ranking, after: Ranking) -> tuple[RankChange, ...]:
    """Who moved between two boards, in the later board's order, then those who left."""
    old = {r.participant: r.rank for r in before.entries}
    new = {r.participant: r.rank for r in after.entries}
    moved = [RankChange(p, old.get(p), n) for p, n in new.items() if old.get(p) != n]
    gone = [RankChange(p, o, None) for p, o in old.items() if p not in new]
    return (*moved, *gone)
