"""``createContest`` (OPS, or a MANAGER for their team)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

import gamification.contests as engine
from gamification.metrics import Better
from resolvers.mutation import Arguments, command, idempotency_key_field, mutation
from resolvers.performance.contests.inputs import ContestPrizeInput, ContestRoundInput
from schema.scalars import CurrencyCode
from schema.text_limits import Family, IdempotencyKey, LongName
from schema.types.performance.contest_enums import (
    ContestKind,
    ContestScoring,
    TeamScore,
)
from schema.types.performance.contests import Contest
from schema.types.performance.enums import BetterDirection
from services.performance import contests
from services.performance.contests import NewContest
from services.performance.metric_source import metric_source


@strawberry.input(description="A contest's rules; they freeze when the window starts.")
class CreateContestInput:
    name: LongName
    """What the contest is called."""
    kind: ContestKind
    """How it is won."""
    metric_key: Family
    """The metric it ranks on (a defined metric's key)."""
    starts_at: datetime
    """The start of the window, with its offset."""
    ends_at: datetime
    """The end of the window (exclusive), after the start."""
    direction: BetterDirection = Better.HIGHER  # type: ignore[valid-type]
    """Which way a score is better."""
    scoring: ContestScoring = ContestScoring.RAW
    """RAW value, or ATTAINMENT of each participant's own target."""
    team_score: TeamScore | None = None
    """Set for a team contest: how members' values add up; null for individuals."""
    target: Decimal | None = None
    """A TARGET contest's goal (more than 0)."""
    prizes: list[ContestPrizeInput] = strawberry.field(default_factory=list)
    """What the winners get."""
    rounds: list[ContestRoundInput] = strawberry.field(default_factory=list)
    """A TOURNAMENT's round schedule, in order (at most 10; INVALID for another kind). Round
    1 is seeded by the scores before it (by the board's tie-breaker when it starts with the
    contest), each later round by the scores of the round before; seed 1 meets the last
    seed, the top seed has a bye in an odd field, and equal scores advance the higher seed.
    Empty: the whole window is one round of pairs in enrolment order."""
    currency: CurrencyCode | None = None
    """For a metric that adds money (revenue, slippage amount, average ticket...): the one
    currency the contest counts, so amounts in different currencies are never added
    (REQUIRED for such a metric, INVALID for any other)."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


def prizes_of(prizes: list[ContestPrizeInput]) -> tuple[object, ...]:
    return tuple(command(engine.Prize, p) for p in prizes)


@mutation(contests.create_contest, Contest)
def create_contest(input: CreateContestInput) -> Arguments:
    """The contest's rules and prizes."""
    rounds = tuple((r.starts_at, r.ends_at) for r in input.rounds)
    new = command(NewContest, input, prizes=prizes_of(input.prizes), rounds=rounds)
    return new, metric_source()
