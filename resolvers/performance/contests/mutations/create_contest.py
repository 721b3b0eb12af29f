"""``createContest`` (OPS, or a MANAGER for their team)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

import gamification.contests as engine
from gamification.metrics import Better
from resolvers.mutation import Arguments, command, idempotency_key_field, mutation
from resolvers.performance.contests.inputs import ContestPrizeInput
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
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


def prizes_of(prizes: list[ContestPrizeInput]) -> tuple[object, ...]:
    return tuple(command(engine.Prize, p) for p in prizes)


@mutation(contests.create_contest, Contest)
def create_contest(input: CreateContestInput) -> Arguments:
    """The contest's rules and prizes."""
    return command(NewContest, input, prizes=prizes_of(input.prizes)), metric_source()
