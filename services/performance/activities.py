"""Recording a batch of activities: reviewed whole, stored whole or not at all, idempotent.

A rep records their own activities; a manager their team's; OPS (and ADMIN), the
role integrations sign in with, anyone's. Each problem is a refusal naming the
item (``input.activities.3.occurredAt``) and nothing is stored. A re-sent batch
adds nothing: an activity whose rep already logged its external id is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.users import Role
from db.queries import activities as log
from db.queries import onboarding as onboarding_queries
from gamification.activities import ActivityInput, Problem, ProblemCode, review_batch
from gamification.facts import Fact
from services.performance.contest_events import announce_values
from services.performance.context import MAX_BATCH, load_kinds, load_settings
from services.performance.onboarding import complete_by_activity
from services.performance.rollups import LogColumns, append_and_roll_up, log_columns
from services.refusal import Code, Refusal, Refused

CODE_OF = {
    ProblemCode.UNKNOWN_KIND: Code.NOT_FOUND,
    ProblemCode.OTHER_REP: Code.FORBIDDEN,
    ProblemCode.DUPLICATE_EXTERNAL_ID: Code.ALREADY_EXISTS,
}


@dataclass(frozen=True, slots=True)
class Recorded:
    """How many activities were new, and how many the log already held (a re-sent batch)."""

    recorded: int
    already_known: int


def may_record_for(actor: Actor, rep_id: int) -> bool:
    """A rep for themselves, a manager for their team, OPS and ADMIN for anyone."""
    if rep_id == actor.user_id or actor.has_any(Role.OPS):
        return True
    return actor.is_manager and rep_id in actor.team_ids


def refusal_of(problem: Problem) -> Refusal:
    return Refusal(
        CODE_OF.get(problem.code, Code.INVALID), problem.message, ("input", *problem.field)
    )


def activity_columns(batch: Sequence[ActivityInput], recorded_by: int) -> LogColumns:
    """The batch as the log's columns, straight from the activities sent (what
    ``ActivityInput.fact`` would give, without a fact per activity)."""
    return log_columns(
        batch,
        customer_key=[a.customer_key() for a in batch],
        attributes=[dict(a.attributes) for a in batch],
        recorded_by=[recorded_by] * len(batch),
    )


async def record_activities(
    session: AsyncSession, actor: Actor, now: datetime, batch: Sequence[ActivityInput]
) -> Recorded:
    """Store ``batch`` and roll it up, or refuse it whole with every problem."""
    kinds = await load_kinds(session)
    settings = await load_settings(session)
    problems = review_batch(
        batch,
        kinds,
        now,
        settings.future_tolerance,
        MAX_BATCH,
        lambda rep: may_record_for(actor, rep),
    )
    if problems:
        raise Refused(*(refusal_of(p) for p in problems))
    known = await log.existing_user_ids(session, {a.rep_id for a in batch})
    missing = [
        Refusal(Code.NOT_FOUND, "No such rep.", ("input", "activities", str(i), "repId"))
        for i, a in enumerate(batch)
        if a.rep_id not in known
    ]
    if missing:
        raise Refused(*missing)
    added = await append_and_roll_up(session, activity_columns(batch, actor.user_id))
    await _after(session, added)
    return Recorded(len(added), len(batch) - len(added))


async def _after(session: AsyncSession, added: Sequence[Fact]) -> None:
    """What new activities move besides KPIs: onboarding items they complete (only facts
    new to the log, so a re-sent batch completes nothing twice) and live contest boards
    (one notification per batch, naming its reps)."""
    if not added:
        return
    onboarding = await onboarding_queries.reps_onboarding(session, {f.rep_id for f in added})
    for fact in added:
        if fact.rep_id in onboarding:
            await complete_by_activity(session, fact.rep_id, fact.kind, fact.occurred_at)
    await announce_values(session, {f.rep_id for f in added})
