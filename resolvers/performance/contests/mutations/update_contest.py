"""``updateContest``: anything before the start; once started only the name (typed
INVALID_STATE refusals name each frozen rule, and the freeze is audited)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from resolvers.mutation import Arguments, EditInput, command, key, mutation
from resolvers.performance.contests.inputs import ContestPrizeInput, ContestRoundInput
from resolvers.performance.contests.mutations.create_contest import prizes_of
from schema.text_limits import Family, LongName
from schema.types.performance.contests import Contest
from services.performance import contests
from services.performance.contests import ContestChanges
from services.performance.metric_source import metric_source


@strawberry.input(description="Fields left out (null) stay as they are.")
class UpdateContestInput(EditInput):
    id: strawberry.relay.GlobalID
    """The global ID of the contest to change."""
    name: LongName | None = None
    """A new name (allowed at any time)."""
    metric_key: Family | None = None
    """Another metric (before the start only)."""
    starts_at: datetime | None = None
    """Another start (before the start only)."""
    ends_at: datetime | None = None
    """Another end (before the start only)."""
    target: Decimal | None = None
    """Another target (before the start only)."""
    prizes: list[ContestPrizeInput] | None = None
    """Replacement prizes, all of them (before the start only)."""
    rounds: list[ContestRoundInput] | None = None
    """A TOURNAMENT's replacement round schedule, all of it (before the start only; an
    empty list removes the schedule)."""


@mutation(contests.update_contest, Contest)
def update_contest(input: UpdateContestInput) -> Arguments:
    """The contest (`id`, `version`) and what changes."""
    prizes = None if input.prizes is None else prizes_of(input.prizes)
    rounds = None if input.rounds is None else tuple((r.starts_at, r.ends_at) for r in input.rounds)
    changes = command(ContestChanges, input, prizes=prizes, rounds=rounds)
    return key(input.id, "Contest"), input.version, changes, metric_source()
