"""``enrolInContest``: a rep, a manager's team or a role, before the start."""

from __future__ import annotations

import strawberry

from resolvers.mutation import Arguments, command, key, mutation
from schema.types.performance.contests import Contest
from schema.types.user import Role
from services.performance import contests
from services.performance.contests import Enrolment


@strawberry.input(description="Exactly one of `repId`, `teamManagerId`, `role`.")
class EnrolInContestInput:
    contest_id: strawberry.relay.GlobalID
    """The contest."""
    rep_id: strawberry.relay.GlobalID | None = None
    """A rep (an individual contest)."""
    team_manager_id: strawberry.relay.GlobalID | None = None
    """A manager whose team takes part as one (a team contest)."""
    role: Role | None = None  # type: ignore[valid-type]
    """Everyone holding this role (an individual contest; OPS only)."""


@mutation(contests.enrol_in_contest, Contest, constraint_errors=contests.CONSTRAINT_REFUSALS)
def enrol_in_contest(input: EnrolInContestInput) -> Arguments:
    """The contest and who takes part."""
    enrolment = command(
        Enrolment,
        input,
        rep_id=key(input.rep_id, "User", "repId"),
        team_manager_id=key(input.team_manager_id, "User", "teamManagerId"),
    )
    return key(input.contest_id, "Contest", "contestId"), enrolment
