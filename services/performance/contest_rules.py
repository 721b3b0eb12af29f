"""The checks every contest use case shares: who may run it, its rules as the engine
reads them, and freezing them (with an audit entry) once the window has started."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import commissions
import gamification.contests as engine
from db.actor import Actor
from db.codec.contests import rules_of
from db.models.performance_contests import Contest
from db.models.users import Role
from db.queries.contests import contest_prizes, contest_rounds, contests_started_unfrozen
from services.audit import image, record_change
from services.performance.contest_totals import refresh_at_start
from services.refusal import Code, Refusal, Refused, refuse

CAMEL = {"metric": "metricKey", "window": "startsAt", "team": "teamScore"}


class RulesFrozen(Refused):
    """The contest has started: its rules stay as they were. The freeze itself (the
    ``rules_frozen_at`` stamp and its audit entry) is kept although the change is refused."""

    keep_changes = True


def check_may_create(actor: Actor) -> None:
    """OPS runs contests for anyone, a manager for their own team; nobody else."""
    if not actor.has_any(Role.OPS, Role.MANAGER):
        raise refuse(Code.FORBIDDEN, "Only OPS or a manager runs contests.")


def check_may_manage(actor: Actor, contest: Contest) -> None:
    """OPS manages every contest, a manager the contests for their team."""
    if actor.has_any(Role.OPS) or contest.manager_id == actor.user_id:
        return
    raise refuse(Code.FORBIDDEN, "Only OPS or the contest's manager changes it.")


async def load_rules(session: AsyncSession, contest: Contest) -> engine.Contest:
    """The stored rules, with the round schedule of a tournament (read only for one)."""
    tournament = contest.kind == engine.ContestKind.TOURNAMENT.value
    schedule = await contest_rounds(session, contest.id) if tournament else ()
    return rules_of(contest, await contest_prizes(session, contest.id), schedule)


def check_rules(rules: engine.Contest) -> None:
    """Refuse every problem of the definition at once, each at its input field."""
    found = [
        Refusal(Code.INVALID, p.message, ("input", *p.field.split(".")))
        for p in engine.problems(rules)
    ]
    for index, prize in enumerate(rules.prizes):
        cash = prize.kind is engine.PrizeKind.CASH and prize.value.is_finite()
        if cash and commissions.round_money(prize.value, prize.currency) != prize.value:
            found.append(
                Refusal(
                    Code.INVALID,
                    f"A cash prize has at most the minor units of {prize.currency}.",
                    ("input", "prizes", str(index), "value"),
                )
            )
    if found:
        raise Refused(*found)


async def freeze(session: AsyncSession, actor: Actor, contest: Contest, now: datetime) -> None:
    """Stamp the rules frozen, once, with an audit entry ``freezeContestRules``: the start
    as an event, which also brings the contest's kept spans up to date."""
    if contest.rules_frozen_at is not None:
        return
    before = image(contest)
    contest.rules_frozen_at = now
    await record_change(session, actor, "freezeContestRules", contest, before)
    await refresh_at_start(session, contest, now)


async def start_due_contests(session: AsyncSession, actor: Actor, now: datetime) -> list[Contest]:
    """Freeze every contest that started and is not frozen yet, all as ``actor`` in one
    transaction (tools and tests); the scheduler goes contest by contest as each one's
    creator (``services.performance.contest_schedule``). Its start is an event of its own."""
    started = await contests_started_unfrozen(session, now)
    for contest in started:
        await freeze(session, actor, contest, now)
    return started


async def refuse_frozen(
    session: AsyncSession, actor: Actor, contest: Contest, changes: Sequence[str], now: datetime
) -> None:
    """Refuse (keeping the freeze) when ``changes`` touch rules the started contest froze."""
    frozen = engine.frozen_changes(await load_rules(session, contest), changes, now)
    if frozen is None:
        return
    await freeze(session, actor, contest, now)
    raise RulesFrozen(
        *(
            Refusal(
                Code.INVALID_STATE,
                f"The contest started at {contest.starts_at.isoformat()}: its {name} no longer "
                f"changes ({frozen.code}).",
                ("input", CAMEL.get(name, name)),
            )
            for name in frozen.fields
        )
    )
