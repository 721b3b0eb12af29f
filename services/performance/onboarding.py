"""Onboarding: OPS builds a programme (with its badge), enrols new reps; an activity of
an item's kind or the manager's sign-off completes items; the last one earns the badge."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import gamification.onboarding as engine
from db.actor import Actor
from db.models.performance_badges import Badge, BadgeLevel
from db.models.performance_onboarding import (
    OnboardingCompletion,
    OnboardingEnrolment,
    OnboardingItem,
    OnboardingProgramme,
)
from db.models.users import Role
from db.queries.onboarding import completed_item_ids, enrolment_of, enrolments_of, programme_items
from services.audit import record_new
from services.people.rules import active_user
from services.performance.badges import award
from services.refusal import Code, Refusal, refuse
from services.rows import get_or_refuse, record_new_with_parts
from services.validation import optional_text, required_text

CONSTRAINT_REFUSALS = {
    "uq_onboarding_programmes_name": Refusal(
        Code.ALREADY_EXISTS, "A programme has this name.", ("input", "name")
    ),
    "uq_badges_key": Refusal(Code.ALREADY_EXISTS, "A badge has this key.", ("input", "name")),
    "uq_onboarding_enrolments_programme_id_rep_id": Refusal(
        Code.ALREADY_EXISTS, "The rep is already enrolled.", ("input", "repId")
    ),
}


@dataclass(frozen=True, slots=True)
class NewItem:
    title: str
    activity_kind: str | None = None


@dataclass(frozen=True, slots=True)
class NewProgramme:
    name: str
    items: tuple[NewItem, ...]
    badge_name: str | None = None


async def create_programme(
    session: AsyncSession, actor: Actor, now: datetime, new: NewProgramme
) -> OnboardingProgramme:
    """``createOnboardingProgramme`` (OPS): the items in order, and the badge completing
    them earns (named after the programme unless ``badge_name`` says)."""
    if not actor.has_any(Role.OPS):
        raise refuse(Code.FORBIDDEN, "Only OPS builds onboarding programmes.")
    name = required_text(new.name, ("input", "name"), max_length=200)
    if not new.items:
        raise refuse(Code.REQUIRED, "A programme has at least one item.", ("input", "items"))
    items = [
        OnboardingItem(
            position=n,
            title=required_text(i.title, ("input", "items", str(n), "title"), max_length=500),
            activity_kind=optional_text(
                i.activity_kind, ("input", "items", str(n), "activityKind"), max_length=50
            ),
        )
        for n, i in enumerate(new.items)
    ]
    badge = Badge(
        key=f"onboarding:{name}"[:100],
        name=new.badge_name or f"{name} completed",
        created_by_id=actor.user_id,
    )
    badge = await record_new_with_parts(
        session,
        actor,
        "defineBadge",
        badge,
        "badge_id",
        {"levels": [BadgeLevel(level=1, threshold=1)]},
    )
    programme = OnboardingProgramme(name=name, badge_id=badge.id, created_by_id=actor.user_id)
    return await record_new_with_parts(
        session, actor, "createOnboardingProgramme", programme, "programme_id", {"items": items}
    )


def check_manages(actor: Actor, rep_id: int, what: str) -> None:
    if not (actor.has_any(Role.OPS) or rep_id in actor.team_ids):
        raise refuse(Code.FORBIDDEN, f"Only OPS or the rep's manager {what}.", ("input", "repId"))


async def enrol_in_onboarding(
    session: AsyncSession, actor: Actor, now: datetime, programme_id: int, rep_id: int
) -> OnboardingEnrolment:
    """``enrolInOnboarding``: OPS or the rep's manager puts a rep on a programme."""
    programme = await get_or_refuse(
        session,
        OnboardingProgramme,
        programme_id,
        name="OnboardingProgramme",
        field=("input", "programmeId"),
    )
    rep = await active_user(session, rep_id, ("input", "repId"))
    check_manages(actor, rep.id, "enrols them")
    row = OnboardingEnrolment(programme_id=programme.id, rep_id=rep.id)
    return await record_new(session, actor, "enrolInOnboarding", row)


async def _complete(
    session: AsyncSession,
    enrolment: OnboardingEnrolment,
    programme: OnboardingProgramme,
    completion: OnboardingCompletion,
) -> None:
    """Record ``completion``; when it was the last item, stamp the enrolment complete and
    award the programme's badge (once)."""
    session.add(completion)
    await session.flush()
    items = await programme_items(session, programme.id)
    done = await completed_item_ids(session, enrolment.id)
    reached = engine.progress(_programme(items), (str(i) for i in done))
    if reached.completed and enrolment.completed_at is None:
        enrolment.completed_at = completion.completed_at
        if programme.badge_id is not None:
            facts = {"programme": programme.name, "items": reached.total}
            await award(
                session, programme.badge_id, enrolment.rep_id, 1, completion.completed_at, facts
            )


def _programme(items: Sequence[OnboardingItem]) -> engine.Programme:
    return engine.Programme(tuple(engine.Item(str(i.id), i.title, i.activity_kind) for i in items))


async def complete_by_activity(
    session: AsyncSession, rep_id: int, kind: str, at: datetime, activity_id: int | None = None
) -> int:
    """Complete, in each of the rep's open programmes, the first open item an activity of
    ``kind`` completes (V1's activity recording calls this); how many items it completed."""
    count = 0
    for enrolment, programme in await enrolments_of(session, rep_id):
        if enrolment.completed_at is not None:
            continue
        items = await programme_items(session, programme.id)
        done = await completed_item_ids(session, enrolment.id)
        item = engine.completed_by_activity(_programme(items), kind, (str(i) for i in done))
        if item is None:
            continue
        completion = OnboardingCompletion(
            enrolment_id=enrolment.id,
            item_id=int(item.key),
            completed_at=at,
            activity_kind=kind,
            activity_id=activity_id,
        )
        await _complete(session, enrolment, programme, completion)
        count += 1
    return count


async def sign_off_item(
    session: AsyncSession, actor: Actor, now: datetime, item_id: int, rep_id: int
) -> OnboardingEnrolment:
    """``signOffOnboardingItem``: the rep's manager (or OPS) signs off a sign-off item."""
    item = await get_or_refuse(
        session, OnboardingItem, item_id, name="OnboardingItem", field=("input", "itemId")
    )
    check_manages(actor, rep_id, "signs off their items")
    if item.activity_kind is not None:
        raise refuse(
            Code.INVALID,
            f"This item is completed by a {item.activity_kind} activity, not a sign-off.",
            ("input", "itemId"),
        )
    enrolment = await enrolment_of(session, item.programme_id, rep_id)
    if enrolment is None:
        raise refuse(Code.NOT_FOUND, "The rep is not on this programme.", ("input", "repId"))
    if item.id in await completed_item_ids(session, enrolment.id):
        return enrolment
    programme = await get_or_refuse(session, OnboardingProgramme, item.programme_id)
    completion = OnboardingCompletion(
        enrolment_id=enrolment.id, item_id=item.id, completed_at=now, signed_off_by_id=actor.user_id
    )
    await _complete(session, enrolment, programme, completion)
    return enrolment


@dataclass(frozen=True, slots=True)
class ProgrammeProgress:
    programme: OnboardingProgramme
    items: tuple[OnboardingItem, ...]
    done_item_ids: frozenset[int]
    progress: engine.Progress


async def onboarding_of(session: AsyncSession, rep_id: int) -> list[ProgrammeProgress]:
    """The rep's programmes with their progress (the rep's home screen)."""
    found = []
    for enrolment, programme in await enrolments_of(session, rep_id):
        items = tuple(await programme_items(session, programme.id))
        done = await completed_item_ids(session, enrolment.id)
        reached = engine.progress(_programme(items), (str(i) for i in done))
        found.append(ProgrammeProgress(programme, items, done, reached))
    return found
