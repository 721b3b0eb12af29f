"""``endContest``: close the final standings once the window is over; pay cash prizes."""

from __future__ import annotations

import strawberry

from resolvers.mutation import Arguments, key, mutation
from schema.types.performance.contests import Contest
from services.performance import contest_results
from services.performance.metric_source import metric_source


@strawberry.input(description="The contest to close.")
class EndContestInput:
    id: strawberry.relay.GlobalID
    """The contest, whose window is over."""


@mutation(contest_results.end_contest, Contest)
def end_contest(input: EndContestInput) -> Arguments:
    """The contest."""
    return key(input.id, "Contest"), metric_source()
