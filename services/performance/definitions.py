"""OPS's words as data: new activity kinds, and metric definitions edited as new versions.

An edit never changes a stored version. The new version's whole history is
recomputed from the activity log and only then made current, in one
transaction: until it commits, every read keeps using the old version (reads
are not stopped; new activities wait for the commit, so none is missed).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.codec.performance import definition_json
from db.models.performance_activities import ActivityKind
from db.models.users import Role
from db.queries import activities as log
from db.queries import metric_definitions as stored
from gamification.definition_rules import KEY_SHAPE, definition_problems
from gamification.hierarchy import KindSpec
from gamification.metrics import MetricDefinition
from services.performance.context import load_definitions, load_kinds
from services.performance.recompute import rebuild
from services.refusal import Code, Refusal, Refused, refuse


def require_ops(actor: Actor) -> None:
    if not actor.has_any(Role.OPS):
        raise refuse(Code.FORBIDDEN, "Only OPS edits activity kinds, metrics and targets.")


async def create_activity_kind(
    session: AsyncSession, actor: Actor, now: datetime, kind: KindSpec
) -> KindSpec:
    """A new kind OPS adds (recordable; worked time if said)."""
    require_ops(actor)
    if not KEY_SHAPE.match(kind.key):
        raise refuse(Code.INVALID, "A key is A-Z, 0-9 and _, 2 to 64 long.", ("input", "key"))
    if not kind.name.strip():
        raise refuse(Code.REQUIRED, "A kind needs a name.", ("input", "name"))
    if kind.key in await load_kinds(session):
        raise refuse(Code.ALREADY_EXISTS, f"{kind.key} exists.", ("input", "key"))
    session.add(
        ActivityKind(
            key=kind.key,
            level=kind.level.value,
            name=kind.name.strip(),
            worked_time=kind.worked_time,
            recordable=True,
            standard=False,
            created_at=now,
        )
    )
    await session.flush()
    return replace(kind, recordable=True)


async def _save_version(
    session: AsyncSession, actor: Actor, draft: MetricDefinition, version: int
) -> MetricDefinition:
    await log.lock_log_for_recompute(session)
    definitions = await load_definitions(session)
    definition = replace(draft, version=version)
    others = {k: d for k, d in definitions.items() if k != draft.key}
    problems = definition_problems(definition, others, await load_kinds(session))
    if problems:
        raise Refused(*(Refusal(Code.INVALID, p.message, ("input", p.field)) for p in problems))
    session.add(
        stored.new_definition_row(draft.key, version, definition_json(definition), actor.user_id)
    )
    await session.flush()
    await rebuild(session, [definition])
    await stored.make_current(session, draft.key, version)
    return definition


async def define_metric(
    session: AsyncSession, actor: Actor, now: datetime, draft: MetricDefinition
) -> MetricDefinition:
    """A new metric (version 1), its history computed from the log."""
    require_ops(actor)
    if draft.key in await load_definitions(session):
        raise refuse(
            Code.ALREADY_EXISTS, f"Metric {draft.key} exists: update it.", ("input", "key")
        )
    return await _save_version(session, actor, draft, 1)


async def update_metric_definition(
    session: AsyncSession, actor: Actor, now: datetime, draft: MetricDefinition
) -> MetricDefinition:
    """The next version of an existing metric, its history recomputed, then made current."""
    require_ops(actor)
    current = (await load_definitions(session)).get(draft.key)
    if current is None:
        raise refuse(Code.NOT_FOUND, f"No metric {draft.key}.", ("input", "key"))
    latest = max(current.version, await stored.latest_version(session, draft.key) or 0)
    return await _save_version(session, actor, draft, latest + 1)
