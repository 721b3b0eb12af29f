"""A contest's standings (live, or closed at the end) and ending it.

Live standings read each participant's value over the window so far from the
``MetricSource``; every enrolled rep is on the board, with zero when they have no
value (nobody is skipped for being inactive). Ending is an event of its own: at
or after the window's end ``end_contest`` closes the final standings once (even if
no value changed since), and each cash prize becomes a commission adjustment for
the rep who won it (in a team contest, for each member of the winning team).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import commissions
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
from gamification.ranking import Entry
from gamification.rounds import Bracket, play_bracket
from services.audit import image, record_change
from services.commissions.adjustments import NewAdjustment, add_adjustment
from services.commissions.calendar import load_calendar, load_closed
from services.commissions.exchange_rates import load_rates
from services.commissions.rep_plans import rep_plans
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


@dataclass(frozen=True, slots=True)
class _Side:
    """A participant of the board: the rep, or a team's manager with its members."""

    participant: int
    name: str
    members: tuple[tuple[int, str], ...]


async def _sides(session: AsyncSession, contest: Contest) -> list[_Side]:
    """The board's participants, read once for every window the board scores."""
    if contest.team_score is None:
        return [
            _Side(rep, name, ((rep, name),))
            for rep, name in await contest_participants(session, contest.id)
        ]
    sides = []
    for enrolment in await contest_enrolments(session, contest.id):
        manager = await session.get(User, enrolment.team_manager_id)
        assert manager is not None  # the foreign key keeps it
        members = tuple(await enrolled_names(session, [enrolment]))
        sides.append(_Side(manager.id, manager.name, members))
    return sides


async def _scores(
    session: AsyncSession,
    contest: Contest,
    sides: list[_Side],
    windows: Sequence[tuple[datetime, datetime]],
    source: MetricSource,
    kept: bool = True,
) -> list[list[engine.Score]]:
    """Each participant's score over each of ``windows``: from the contest's kept totals
    when ``kept`` (the window so far), else from the day rollups (a tournament's qualifying
    window and rounds, all in one read when the source can); a money contest counts only
    its currency's amounts."""
    rep_ids = sorted({rep for side in sides for rep, _ in side.members})
    values: Sequence[Mapping[int, RepValue]]
    if contest.currency is not None and source.currency_values is not None:
        read_currency = source.currency_values
        values = [
            await read_currency(session, contest.metric_key, contest.currency, rep_ids, w)
            for w in windows
        ]
    elif kept and source.contest_values is not None:
        read_kept = source.contest_values
        values = [await read_kept(session, contest, rep_ids, w) for w in windows]
    elif source.window_values is not None and windows:
        values = await source.window_values(session, contest.metric_key, rep_ids, windows)
    else:
        values = [await source.values(session, contest.metric_key, rep_ids, w) for w in windows]
    return [_scored(contest, sides, found) for found in values]


def _scored(
    contest: Contest, sides: list[_Side], values: Mapping[int, RepValue]
) -> list[engine.Score]:
    if contest.team_score is None:
        return [_score(s.participant, s.name, values.get(s.participant, NOTHING)) for s in sides]
    how = engine.TeamScore(contest.team_score)
    return [
        engine.team_score(
            str(side.participant),
            side.name,
            [_score(m, name, values.get(m, NOTHING)) for m, name in side.members],
            how,
        )
        for side in sides
    ]


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
    so_far = (contest.starts_at, max(contest.starts_at, min(now, contest.ends_at)))
    sides = await _sides(session, contest)
    [scores] = await _scores(session, contest, sides, [so_far], source)
    bracket = (
        await _bracket(session, contest, rules, now, source, sides, scores)
        if rules.rounds
        else None
    )
    return Board(contest, engine.standings(rules, scores, now, bracket), False, rules)


async def _bracket(
    session: AsyncSession,
    contest: Contest,
    rules: engine.Contest,
    now: datetime,
    source: MetricSource,
    sides: list[_Side],
    everyone: list[engine.Score],
) -> Bracket:
    """A scheduled tournament's bracket: seeded by the scores before round 1 (none when it
    starts with the contest), each started round scored over its own window so far; the
    qualifying window and every started round read together (one statement of sums)."""

    def entries(scores: list[engine.Score]) -> list[Entry]:
        return [
            Entry(s.participant, s.name, engine.scored(rules, s) or Decimal(0), s.reached_at)
            for s in scores
        ]

    first = rules.rounds[0].starts_at
    qualifying = (contest.starts_at, min(first, now)) if first > contest.starts_at else None
    windows = [qualifying] if qualifying is not None and qualifying[1] > qualifying[0] else []
    qualifies = bool(windows)
    windows += [(w.starts_at, min(now, w.ends_at)) for w in rules.rounds if now >= w.starts_at]
    scored = await _scores(session, contest, sides, windows, source, kept=False)
    if qualifies:
        seeding = entries(scored.pop(0))
    else:
        seeding = [Entry(s.participant, s.name, Decimal(0)) for s in everyone]
    played = [{e.participant: e.score for e in entries(scores)} for scores in scored]
    return play_bracket(seeding, rules.rounds, played, now, rules.direction)


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
        amount, currency, how = await _in_plan_currency(session, now, rep_id, prize)
        new = NewAdjustment(amount, f"{note}{how}"[:500], currency=currency)
        await add_adjustment(session, actor, now, rep_id, new, ("input", "prizes"))


async def _in_plan_currency(
    session: AsyncSession, now: datetime, rep_id: int, prize: engine.Prize
) -> tuple[Decimal, str, str]:
    """The prize in the rep's plan currency: as stated when the plan pays in it (or the rep
    has none), else converted with the commissions exchange rate valid on the day it lands
    (rounded half-up to the plan currency's minor units), and the note saying so; no rate
    is EXCHANGE_RATE_MISSING, and the contest does not end until one is set."""
    closed = await load_closed(session)
    day = closed.landing(now.date())
    setting = await load_calendar(session)
    plan = (await rep_plans(session, [rep_id], setting.period_of(day), setting)).get(rep_id)
    code = prize.currency if plan is None else plan.plan_row.currency
    if code == prize.currency:
        return prize.value, code, ""
    rate = commissions.rate_on(
        await load_rates(session, [prize.currency], day), prize.currency, code, day
    )
    if rate is None:
        raise refuse(
            Code.EXCHANGE_RATE_MISSING,
            f"No {prize.currency} to {code} exchange rate is valid on {day.isoformat()} to pay "
            "the prize in the rep's plan currency.",
            ("input", "id"),
        )
    amount = commissions.round_money(prize.value * rate.rate, code)
    stated, at = prize.value.normalize(), rate.rate.normalize()
    return amount, code, f" ({stated:f} {prize.currency} at {at:f} {code} per {prize.currency})"


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
