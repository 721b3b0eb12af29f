"""Contests: create (OPS for anyone, a manager for their team), change before the start,
enrol reps, teams or a role. Standings and the end are in ``contest_results``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

import gamification.contests as engine
from db.actor import Actor
from db.base import Base
from db.models.performance_contests import Contest, ContestEnrolment, ContestPrize, ContestRound
from db.models.users import Role
from gamification.metrics import Better
from gamification.rounds import RoundWindow
from services.audit import image, record_change, record_new
from services.people.rules import active_user
from services.performance.contest_events import announce_contest
from services.performance.contest_rules import (
    check_may_create,
    check_may_manage,
    check_rules,
    load_rules,
    refuse_frozen,
)
from services.performance.contest_totals import refresh_contest_totals
from services.performance.metric_source import MetricSource
from services.refusal import Code, Refusal, refuse
from services.rows import edit_or_refuse, get_or_refuse, record_new_with_parts
from services.validation import required_text

CONSTRAINT_REFUSALS = {
    "uq_contest_enrolments_once": Refusal(
        Code.ALREADY_EXISTS, "This participant is already enrolled.", ("input",)
    )
}


@dataclass(frozen=True, slots=True)
class NewContest:
    name: str
    kind: engine.ContestKind
    metric_key: str
    starts_at: datetime
    ends_at: datetime
    direction: Better = Better.HIGHER
    scoring: engine.Scoring = engine.Scoring.RAW
    team_score: engine.TeamScore | None = None
    target: Decimal | None = None
    prizes: tuple[engine.Prize, ...] = ()
    rounds: tuple[tuple[datetime, datetime], ...] = ()
    """A TOURNAMENT's round windows in order (numbered from 1)."""
    currency: str | None = None
    """A money metric's one currency (required for one, refused for any other metric)."""


@dataclass(frozen=True, slots=True)
class ContestChanges:
    """Fields left None stay; the rule fields are refused once the contest started."""

    name: str | None = None
    metric_key: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    target: Decimal | None = None
    prizes: tuple[engine.Prize, ...] | None = None
    rounds: tuple[tuple[datetime, datetime], ...] | None = None
    """A TOURNAMENT's replacement round windows (empty: no schedule)."""


async def check_metric(session: AsyncSession, source: MetricSource, key: str) -> str:
    if not await source.known(session, key):
        raise refuse(Code.NOT_FOUND, f"No metric with the key {key!r}.", ("input", "metricKey"))
    return key


async def check_currency(
    session: AsyncSession, source: MetricSource, key: str, currency: str | None
) -> str | None:
    """A contest on a money metric names the one currency it counts (amounts in different
    currencies are never added); a contest on any other metric names none."""
    money = source.money_metric is not None and await source.money_metric(session, key)
    if money and currency is None:
        raise refuse(
            Code.REQUIRED,
            f"{key} adds amounts of money: give the one currency the contest counts.",
            ("input", "currency"),
        )
    if not money and currency is not None:
        raise refuse(
            Code.INVALID, f"{key} is not a money metric: it has no currency.", ("input", "currency")
        )
    return currency


def prize_rows(prizes: tuple[engine.Prize, ...]) -> list[ContestPrize]:
    return [
        ContestPrize(
            rank_from=p.rank_from,
            rank_to=p.rank_to,
            kind=p.kind.value,
            description=required_text(p.description, ("input", "prizes"), max_length=500),
            value=p.value,
            currency=p.currency,
        )
        for p in prizes
    ]


async def create_contest(
    session: AsyncSession, actor: Actor, now: datetime, new: NewContest, source: MetricSource
) -> Contest:
    """``createContest``: a manager's contest is for their team; OPS's for anyone."""
    check_may_create(actor)
    rules = engine.Contest(
        new.kind,
        new.metric_key,
        new.starts_at,
        new.ends_at,
        new.direction,
        new.scoring,
        new.team_score,
        new.target,
        new.prizes,
        tuple(RoundWindow(n, a, b) for n, (a, b) in enumerate(new.rounds, start=1)),
        new.currency,
    )
    check_rules(rules)
    row = Contest(
        name=required_text(new.name, ("input", "name"), max_length=200),
        kind=new.kind.value,
        metric_key=await check_metric(session, source, new.metric_key),
        starts_at=new.starts_at,
        ends_at=new.ends_at,
        direction=new.direction.value,
        scoring=new.scoring.value,
        team_score=None if new.team_score is None else new.team_score.value,
        target=new.target,
        manager_id=None if actor.has_any(Role.OPS) else actor.user_id,
        created_by_id=actor.user_id,
        currency=await check_currency(session, source, new.metric_key, new.currency),
    )
    schedule = [
        ContestRound(number=r.number, starts_at=r.starts_at, ends_at=r.ends_at)
        for r in rules.rounds
    ]
    parts: dict[str, Sequence[Base]] = {"prizes": prize_rows(new.prizes), "rounds": schedule}
    return await record_new_with_parts(session, actor, "createContest", row, "contest_id", parts)


async def update_contest(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    contest_id: int,
    version: int,
    changes: ContestChanges,
    source: MetricSource,
) -> Contest:
    """``updateContest``: anything before the start; only the name once it started (a
    rule change then is refused, and the freeze is audited)."""
    contest = await edit_or_refuse(session, Contest, contest_id, version, name="Contest")
    check_may_manage(actor, contest)
    rules = await load_rules(session, contest)
    changed = {
        "metric": changes.metric_key not in (None, contest.metric_key),
        "window": changes.starts_at not in (None, contest.starts_at)
        or changes.ends_at not in (None, contest.ends_at),
        "target": changes.target not in (None, contest.target),
        "prizes": changes.prizes not in (None, rules.prizes),
        "rounds": changes.rounds is not None
        and changes.rounds != tuple((r.starts_at, r.ends_at) for r in rules.rounds),
    }
    await refuse_frozen(session, actor, contest, [k for k, v in changed.items() if v], now)
    before = image(contest)
    updated = replace(
        rules,
        metric_key=changes.metric_key or rules.metric_key,
        starts_at=changes.starts_at or rules.starts_at,
        ends_at=changes.ends_at or rules.ends_at,
        target=rules.target if changes.target is None else changes.target,
        prizes=rules.prizes if changes.prizes is None else changes.prizes,
        rounds=rules.rounds
        if changes.rounds is None
        else tuple(RoundWindow(n, a, b) for n, (a, b) in enumerate(changes.rounds, start=1)),
    )
    check_rules(updated)
    if changes.name is not None:
        contest.name = required_text(changes.name, ("input", "name"), max_length=200)
    if changed["metric"]:
        contest.metric_key = await check_metric(session, source, updated.metric_key)
        await check_currency(session, source, contest.metric_key, contest.currency)
    contest.starts_at, contest.ends_at = updated.starts_at, updated.ends_at
    contest.target = updated.target
    if changed["prizes"]:
        await session.execute(delete(ContestPrize).where(ContestPrize.contest_id == contest.id))
        rows = prize_rows(updated.prizes)
        for prize in rows:
            prize.contest_id = contest.id
        session.add_all(rows)
    if changed["rounds"]:
        await session.execute(delete(ContestRound).where(ContestRound.contest_id == contest.id))
        session.add_all(
            ContestRound(
                contest_id=contest.id, number=r.number, starts_at=r.starts_at, ends_at=r.ends_at
            )
            for r in updated.rounds
        )
    await record_change(session, actor, "updateContest", contest, before)
    if changed["metric"] or changed["window"]:
        await refresh_contest_totals(session, contest)
    await announce_contest(session, contest.id)
    return contest


@dataclass(frozen=True, slots=True)
class Enrolment:
    """Exactly one of: a rep, a manager's team, everyone holding a role."""

    rep_id: int | None = None
    team_manager_id: int | None = None
    role: Role | None = None


async def enrol_in_contest(
    session: AsyncSession, actor: Actor, now: datetime, contest_id: int, enrolment: Enrolment
) -> Contest:
    """``enrolInContest``: before the start only; a team contest enrols teams, an
    individual one reps or a role (OPS); a manager enrols only their own team's people."""
    contest = await get_or_refuse(session, Contest, contest_id, name="Contest", lock=True)
    check_may_manage(actor, contest)
    given = [v for v in (enrolment.rep_id, enrolment.team_manager_id, enrolment.role) if v]
    if len(given) != 1:
        raise refuse(Code.INVALID, "Enrol exactly one of a rep, a team or a role.", ("input",))
    await refuse_frozen(session, actor, contest, ["enrolment"], now)
    team_contest = contest.team_score is not None
    if team_contest != (enrolment.team_manager_id is not None):
        what = "teams" if team_contest else "reps or a role"
        raise refuse(Code.INVALID, f"This contest enrols {what}.", ("input",))
    mine = actor.has_any(Role.OPS)
    if enrolment.rep_id is not None:
        rep = await active_user(session, enrolment.rep_id, ("input", "repId"))
        mine = mine or rep.id in actor.team_ids
    if enrolment.team_manager_id is not None:
        field = ("input", "teamManagerId")
        manager = await active_user(session, enrolment.team_manager_id, field)
        if not manager.has_role(Role.MANAGER):
            raise refuse(Code.INVALID, f"{manager.name} is not a manager.", field)
        mine = mine or manager.id == actor.user_id or manager.id in actor.team_ids
    if not mine:
        raise refuse(Code.FORBIDDEN, "A manager enrols only their own team.", ("input",))
    row = ContestEnrolment(
        contest_id=contest.id,
        rep_id=enrolment.rep_id,
        team_manager_id=enrolment.team_manager_id,
        role=None if enrolment.role is None else enrolment.role.value,
    )
    await record_new(session, actor, "enrolInContest", row)
    await refresh_contest_totals(session, contest)
    await announce_contest(session, contest.id)
    return contest
