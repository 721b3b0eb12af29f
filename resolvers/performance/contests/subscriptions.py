"""``contestRankChanged``: the board's rank changes, pushed as they happen.

The subscription keeps the last board it sent (ranks only), and after every event
that may move it (the contest changed, or metric values of reps moved) reads the
board fresh and sends who moved, if anyone did. After a resync (the server lost
contact with the database) the current board is sent again, changes or not.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from functools import partial
from typing import Annotated

import strawberry

from db.models.performance_contests import Contest as ContestRow
from gamification.contests import rank_changes
from gamification.ranking import Ranking
from resolvers.subscriptions import Event, following, is_resync, read_fresh, visible_pk
from schema.types.performance.contest_changes import ContestRankChange, ContestRankChanges
from schema.types.performance.contests import Contest
from services.performance.contest_events import CONTEST, VALUES
from services.performance.contest_results import contest_board
from services.performance.metric_source import metric_source


def _concerns(event: Event, pk: int) -> bool:
    if event.get("topic") == CONTEST:
        return bool(event.get("id") == pk)
    return event.get("topic") == VALUES


async def _ranking(info: strawberry.Info, pk: int) -> Ranking | None:
    """The board's ranking now, or None when the contest is gone."""
    async with info.context.db.read() as session:
        row = await session.get(ContestRow, pk)
        if row is None:
            return None
        board = await contest_board(session, row, datetime.now(UTC), metric_source())
    return board.standings.ranking


@strawberry.type
class ContestSubscriptions:
    @strawberry.subscription(
        description="Who moved on a contest's board, each time someone does (values recorded,"
        " participants enrolled, the contest closed). Anyone signed in who may see it."
    )
    async def contest_rank_changed(
        self,
        info: strawberry.Info,
        id: Annotated[
            strawberry.relay.GlobalID,
            strawberry.argument(
                description="The contest to follow; one you may not see is NOT_FOUND."
            ),
        ],
    ) -> AsyncGenerator[ContestRankChanges, None]:
        pk = await visible_pk(info, Contest, id)
        before = await read_fresh(info, partial(_ranking, info, pk))
        async for event, contest in following(info, Contest, pk, lambda e: _concerns(e, pk)):
            after = await read_fresh(info, partial(_ranking, info, pk))
            if after is None or before is None:
                continue
            moved = [] if is_resync(event) else list(rank_changes(before, after))
            before = after
            if moved or is_resync(event):
                changes = [ContestRankChange.of(c) for c in moved]
                yield ContestRankChanges(contest=contest, changes=changes)
