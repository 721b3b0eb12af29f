"""Recording a batch of activities: reviewed whole, stored whole or not at all, idempotent.

A rep records their own activities; a manager their team's; OPS (and ADMIN), the
role integrations sign in with, anyone's. Each problem is a refusal naming the
item (``input.activities.3.occurredAt``) and nothing is stored. A re-sent batch
adds nothing: an activity whose rep already logged its external id is known.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC as UTC_ZONE
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.users import Role
from db.queries import activities as log
from db.queries import onboarding as onboarding_queries
from db.queries.bulk_activities import insert_and_roll_up, lock_for_append
from gamification.activities import ActivityInput, Problem, ProblemCode, review_batch
from gamification.facts import REVERSAL
from services.performance.contest_events import announce_values
from services.performance.context import (
    MAX_BATCH,
    load_definitions,
    load_kinds,
    load_settings,
    zone_named,
)
from services.performance.onboarding import complete_by_activity
from services.performance.rollups import LogColumns, append_and_roll_up, log_columns
from services.performance.set_fold import definition_columns, hours_of
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
    """Store ``batch`` and roll it up, or refuse it whole with every problem.

    The rollups are folded by PostgreSQL in the statement that appends the batch
    (``db.queries.bulk_activities``); a batch carrying a reversal, or definitions whose
    filters the statement cannot express, is folded in Python as quote facts are."""
    await lock_for_append(session)
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
    zones = await log.time_zones(session, {a.rep_id for a in batch})
    missing = [
        Refusal(Code.NOT_FOUND, "No such rep.", ("input", "activities", str(i), "repId"))
        for i, a in enumerate(batch)
        if a.rep_id not in zones
    ]
    if missing:
        raise Refused(*missing)
    columns = activity_columns(batch, actor.user_id)
    definitions = definition_columns((await load_definitions(session)).values())
    if definitions is None or any(REVERSAL in attributes for attributes in columns["attributes"]):
        facts = await append_and_roll_up(session, columns)
        reps = {f.rep_id for f in facts}
        onboarding = await onboarding_queries.reps_onboarding(session, reps) if facts else ()
        ticks = [(f.rep_id, f.kind, f.occurred_at) for f in facts if f.rep_id in onboarding]
        await _after(session, reps, ticks)
        return Recorded(len(facts), len(batch) - len(facts))
    names = {rep: _zone_name(name) for rep, name in zones.items()}
    hours = hours_of(columns["duration_seconds"])
    added = await insert_and_roll_up(session, columns, hours, definitions, names)
    await _after(session, added.reps, added.onboarding)
    return Recorded(added.count, len(batch) - added.count)


def _zone_name(name: str) -> str:
    """The zone PostgreSQL folds a rep's days in: theirs, or UTC where Python would fall
    back to it (``zone_named``)."""
    zone = zone_named(name)
    return name if zone is not UTC_ZONE else "UTC"


async def _after(
    session: AsyncSession, reps: Collection[int], ticks: Sequence[tuple[int, str, datetime]]
) -> None:
    """What new activities move besides KPIs: onboarding items they complete (``ticks``: the
    rows new to the log of reps with an open programme, so a re-sent batch completes nothing
    twice) and live contest boards (one notification per batch, naming its reps)."""
    if not reps:
        return
    for rep, kind, at in ticks:
        await complete_by_activity(session, rep, kind, at)
    await announce_values(session, reps)
