"""A contest's standings (live, or closed at the end) and ending it.

Live standings read each participant's value over the window so far from the
``MetricSource``; every enrolled rep is on the board, with zero when they have no
value (nobody is skipped for being inactive). Ending is an event of its own: at
or after the window's end ``end_contest`` closes the final standings once (even if
no value changed since), and each cash prize becomes a commission adjustment for
the rep who won it (in a team contest, for each member of the winning team).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import gamification.contests as engine
from db.actor import Actor
from db.codec.contests import standings_json, standings_of
from db.models.performance_contests import Contest, ContestResult
from db.models.users import User
from db.queries.contest_totals import drop_spans
from db.queries.contests import (
    contest_enrolments,
    contest_ids_due,
    contest_participants,
    contest_result,
    enrolled_names,
)
from db.queries.users import team_member_ids
from services.audit import image, record_change
from services.commissions.adjustments import NewAdjustment, add_adjustment
from services.performance.contest_events import announce_contest
from services.performance.contest_rules import check_may_manage, freeze, load_rules
from services.performance.metric_source import MetricSource, RepValue
from services.refusal import Code, refuse
from services.rows import get_or_refuse

NOTHING = RepValue(Decimal(0))


@dataclass(frozen=True, slots=True)
class Board:
    """A contest's standings; ``closed`` once the end closed them for good. Participant
    keys are user ids: the rep, or in a team contest the team's manager."""

    contest: Contest
    standings: engine.Standings
    closed: bool
    rules: engine.Contest | None = None
    """The rules the live board was ranked by (None for a closed board: read back)."""


async def _scores(
    session: AsyncSession, contest: Contest, now: datetime, source: MetricSource
) -> list[engine.Score]:
    window = (contest.starts_at, max(contest.starts_at, min(now, contest.ends_at)))

    async def values_of(rep_ids: list[int]) -> Mapping[int, RepValue]:
        if source.contest_values is not None:
            return await source.contest_values(session, contest, rep_ids, window)
        return await source.values(session, contest.metric_key, rep_ids, window)

    if contest.team_score is None:
        reps = await contest_participants(session, contest.id)
        values = await values_of([r for r, _ in reps])
        return [_score(rep, name, values.get(rep, NOTHING)) for rep, name in reps]
    how = engine.TeamScore(contest.team_score)
    scores = []
    for enrolment in await contest_enrolments(session, contest.id):
        manager = await session.get(User, enrolment.team_manager_id)
        assert manager is not None  # the foreign key keeps it
        members = await enrolled_names(session, [enrolment])
        values = await values_of([m for m, _ in members])
        member_scores = [_score(m, name, values.get(m, NOTHING)) for m, name in members]
        scores.append(engine.team_score(str(manager.id), manager.name, member_scores, how))
    return scores


def _score(rep_id: int, name: str, value: RepValue) -> engine.Score:
    return engine.Score(str(rep_id), name, value.value, value.target, value.reached_at)


async def contest_board(
    session: AsyncSession, contest: Contest, now: datetime, source: MetricSource
) -> Board:
    """The closed standings of an ended contest, or the live ones at ``now``."""
    # the result is written with ``closed_at``, so a live contest needs no look for it
    closed = None if contest.closed_at is None else await contest_result(session, contest.id)
    if closed is not None:
        return Board(contest, standings_of(closed.standings), True)
    rules = await load_rules(session, contest)
    scores = await _scores(session, contest, now, source)
    return Board(contest, engine.standings(rules, scores, now), False, rules)


async def end_contest(
    session: AsyncSession, actor: Actor, now: datetime, contest_id: int, source: MetricSource
) -> Contest:
    """``endContest``: close the final standings once the window is over (a second call
    changes nothing) and pay each cash prize as a commission adjustment."""
    contest = await get_or_refuse(session, Contest, contest_id, name="Contest", lock=True)
    check_may_manage(actor, contest)
    if contest.closed_at is not None:
        return contest
    if now < contest.ends_at:
        raise refuse(
            Code.INVALID_STATE,
            f"The contest runs until {contest.ends_at.isoformat()}; it ends after that.",
            ("input", "id"),
        )
    await freeze(session, actor, contest, now)
    board = await contest_board(session, contest, now, source)
    session.add(ContestResult(contest_id=contest.id, standings=standings_json(board.standings)))
    await drop_spans(session, contest.id)
    before = image(contest)
    contest.closed_at = now
    await record_change(session, actor, "endContest", contest, before)
    for row in board.standings.rows:
        for prize in row.prizes:
            if prize.kind is engine.PrizeKind.CASH:
                await _pay(session, actor, now, contest, row, prize)
    await announce_contest(session, contest.id)
    return contest


async def _pay(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    contest: Contest,
    row: engine.Standing,
    prize: engine.Prize,
) -> None:
    winner = int(row.ranked.participant)
    reps = (
        [winner] if contest.team_score is None else sorted(await team_member_ids(session, winner))
    )
    note = f"Contest prize: {contest.name}, rank {row.ranked.rank}: {prize.description}"
    for rep_id in reps:
        new = NewAdjustment(prize.value, note[:500], currency=prize.currency)
        await add_adjustment(session, actor, now, rep_id, new, ("input", "prizes"))


async def end_due_contests(
    session: AsyncSession, actor: Actor, now: datetime, source: MetricSource
) -> list[Contest]:
    """Close every contest whose window is over, all as ``actor`` in one transaction (tools
    and tests; the scheduler goes contest by contest as each one's creator, in
    ``services.performance.contest_schedule``): the end is an event of its own, so a board
    closes even when no value changed."""
    return [
        await end_contest(session, actor, now, key, source)
        for key in await contest_ids_due(session, now)
    ]
