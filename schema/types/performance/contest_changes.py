"""Rank changes on a contest's board, pushed live (``contestRankChanged``)."""

from __future__ import annotations

import strawberry

import gamification.contests as engine
from schema.types.performance.contests import PARTICIPANT, Contest, user_field


@strawberry.type(description="A participant whose rank moved.")
class ContestRankChange:
    before: int | None
    """The rank before; null: newly on the board."""
    after: int | None
    """The rank now; null: no longer on the board."""
    participant_id: strawberry.Private[int]
    participant = user_field("participant_id", PARTICIPANT)

    @classmethod
    def of(cls, change: engine.RankChange) -> ContestRankChange:
        return cls(before=change.before, after=change.after, participant_id=int(change.participant))


@strawberry.type(description="A contest's board moved: who moved, and the contest now.")
class ContestRankChanges:
    contest: Contest
    """The contest, its `standings` as they are now."""
    changes: list[ContestRankChange]
    """Every participant whose rank moved since the last push (empty on a resend after the
    server lost contact with the database)."""
