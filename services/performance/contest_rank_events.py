"""``contest.rank_changed`` outbox events: who moved on a running contest's board.

A scheduled run reads each running contest's live board (the same ``contest_board`` the
``contestRankChanged`` subscription reads) and compares it with the ranks it saw last
(``contest_rank_marks``); each participant whose rank moved gets an event (webhooks, and a
push to them). The first look at a board only records it. Marks go with the contest when
its board closes (the final standings are announced by the contest's end instead).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.outbox import Topic
from db.models.performance_contests import Contest
from db.queries import outbox as marks
from services.notifications.outbox import append_event, global_id
from services.performance.contest_results import contest_board
from services.performance.metric_source import MetricSource


async def running_contests(session: AsyncSession, now: datetime) -> list[int]:
    return await marks.running_contest_ids(session, now)


async def announce_rank_changes(
    session: AsyncSession, now: datetime, source: MetricSource, key: int
) -> int:
    """The events appended for contest ``key``'s moves since the last look."""
    contest = await session.get(Contest, key)
    if contest is None or contest.closed_at is not None:
        return 0
    board = await contest_board(session, contest, now, source)
    ranks = {int(r.participant): r.rank for r in board.standings.ranking.entries}
    seen = await marks.rank_marks(session, key)
    if ranks == seen:
        return 0
    moved = [(p, seen[p], r) for p, r in ranks.items() if p in seen and seen[p] != r]
    for participant, before, after in moved:
        payload = {
            "contest": global_id("Contest", key),
            "contestName": contest.name,
            "participant": global_id("User", participant),
            "rankBefore": before,
            "rankAfter": after,
            "participants": len(ranks),
        }
        await append_event(
            session, Topic.CONTEST_RANK_CHANGED, ("Contest", key), payload, [participant]
        )
    await marks.set_rank_marks(session, key, ranks)
    return len(moved)
