"""Demo activities: the 30 days up to ``now`` of every demo rep's work, across the revenue
hierarchy, sent through ``record_activities`` as their phones, dialer and CRM would.

Each rep has a profile: how much of each level's work they do against a typical rep
(``STRENGTHS``), so leaderboards and the hierarchy profile show strong and weak levels.
A volume kind is sent in blocks (a dialer hour, a CRM sync: one row, a quantity); a
deal-level kind (a transfer, a lead, a demo) one row each, with its attributes.

Deterministic without a clock of its own: a rep's day draws from a ``random.Random``
seeded with the rep and the date, and an activity's external id names its day and
place in it. So the same day always makes the same activities, a later load re-sends
them harmlessly (the log keeps the first) and adds only what has happened since.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.actor import Actor
from db.queries import demo as queries
from gamification.activities import ActivityInput
from gamification.hierarchy import STANDARD_BY_KEY, Level
from server.demo.contests import NEW_HIRE
from server.demo.org import REPS
from server.demo.running import run, run_as, user_id
from services.performance.activities import record_activities
from services.performance.context import MAX_BATCH, load_zones

DAYS = 30
EAST, WEST = "America/New_York", "America/Los_Angeles"
ABSENCE = 0.04
"""The chance a rep is off on a weekday (leave, a sick day)."""


@dataclass(frozen=True, slots=True)
class Habit:
    """What a typical rep records of ``kind`` on a working day: ``per_day`` rows, each
    of a quantity in ``quantity`` (a block of dials, a CRM sync); ``on_account`` when the
    activity concerns one of the rep's accounts."""

    kind: str
    per_day: float
    quantity: tuple[int, int] = (1, 1)
    on_account: bool = False


HABITS = (
    Habit("DIAL", 4, (9, 17)),
    Habit("CONTACT", 2, (3, 7)),
    Habit("EMAIL", 2, (2, 6)),
    Habit("TRANSFER", 1.2, on_account=True),
    Habit("LEAD", 2),
    Habit("ROI_DEMO", 0.4, on_account=True),
    Habit("CONTENT_SHARED", 0.8, on_account=True),
    Habit("REFERRAL", 0.1, on_account=True),
    Habit("CONTRACT_SENT", 0.15, on_account=True),
    Habit("CUSTOMER_ENGAGEMENT", 0.4, on_account=True),
    Habit("TRAINING_COMPLETED", 0.08),
    Habit("COACHING_SESSION", 0.1),
    Habit("CRM_CONTACT_ENTERED", 1, (2, 6)),
    Habit("CRM_EMAIL_SENT", 1, (2, 8)),
)

L = Level
STRENGTHS: dict[str, dict[Level, float]] = {
    "rep1@dealdesk.example": {L.CLOSE: 1.6, L.PERSUADE: 1.3, L.MANAGE: 0.7},  # the closer
    "rep2@dealdesk.example": {L.ENGAGE: 1.7, L.TARGET: 1.2, L.PERSUADE: 0.6, L.EXPAND: 0.5},
    "rep3@dealdesk.example": {L.ENGAGE: 1.1, L.DEVELOP: 1.4},  # steady
    "rep4@dealdesk.example": {L.ENGAGE: 0.6, L.TARGET: 0.7, L.CLOSE: 0.6, L.MANAGE: 1.4},
    "rep5@dealdesk.example": {  # the top rep
        L.ENGAGE: 1.4,
        L.CLOSE: 1.4,
        L.PERSUADE: 1.3,
        L.TARGET: 1.2,
        L.EXPAND: 1.2,
    },
    "rep6@dealdesk.example": {L.TARGET: 1.8, L.ENGAGE: 1.1, L.CLOSE: 0.6},  # the prospector
    "rep7@dealdesk.example": {L.EXPAND: 2.0, L.PERSUADE: 1.2, L.ENGAGE: 0.7},  # the farmer
    NEW_HIRE: {  # rep8, the new hire: ramping up, training hard
        L.ENGAGE: 0.5,
        L.TARGET: 0.6,
        L.PERSUADE: 0.4,
        L.CLOSE: 0.3,
        L.EXPAND: 0.3,
        L.DEVELOP: 2.5,
    },
}
NEW_HIRE_STARTED = 12
"""How many days ago the new hire (rep8) started; no activities before."""
NO_COACHING = frozenset({NEW_HIRE})
"""Left without coaching sessions, so their onboarding stays half-way (its last item
is completed by one)."""
ZONES = {email: EAST if manager.startswith("east") else WEST for email, _, manager in REPS}

QUALIFICATIONS = ("RAW_INQUIRY", "LISTED_NAME", "MARKETING_QUALIFIED", "BANT")
ENGAGEMENTS = (
    "BLOG_SUBSCRIPTION",
    "USER_COMMUNITY",
    "CUSTOMER_CONFERENCE",
    "TRADE_SHOW_PASS",
    "LOYALTY_PROGRAMME",
    "EDUCATION_MATERIAL",
)
CONTENT = ("CASE_STUDY", "WHITE_PAPER", "ROLE_BRIEF")
COURSES = ("PRODUCT_BASICS", "NEGOTIATION", "SAFETY_AND_ETHICS", "DISCOVERY_CALLS")


@dataclass(frozen=True, slots=True)
class Rep:
    """A demo rep as the generator needs them: who, their zone (their days are local
    days), the accounts their deal-level activities concern."""

    email: str
    user_id: int
    zone: tzinfo
    accounts: tuple[int, ...] = ()


def _attributes(kind: str, rng: random.Random, strength: float) -> tuple[tuple[str, str], ...]:
    """What the activity says beyond its kind: a lead's qualification (stronger prospectors
    qualify more to BANT), a transfer's qualifying facts, the engagement or content type."""
    if kind == "LEAD":
        weights = (4.0, 3.0, 2.0, strength)
        return (("qualification", rng.choices(QUALIFICATIONS, weights)[0]),)
    if kind == "TRANSFER":
        return (
            ("budget", rng.choice(("CONFIRMED", "UNKNOWN"))),
            ("decision_maker", rng.choice(("true", "false"))),
        )
    if kind == "CUSTOMER_ENGAGEMENT":
        return (("engagement", rng.choice(ENGAGEMENTS)),)
    if kind == "CONTENT_SHARED":
        return (("content", rng.choice(CONTENT)),)
    if kind == "TRAINING_COMPLETED":
        return (("course", rng.choice(COURSES)),)
    return ()


def _contact(rng: random.Random) -> str:
    return f"+1 555 01{rng.randrange(100):02d}"


def _rows(rng: random.Random, per_day: float) -> int:
    """How many rows today: the rate, give or take a quarter, the fraction by chance."""
    rate = per_day * rng.uniform(0.75, 1.25)
    return int(rate) + (1 if rng.random() < rate - int(rate) else 0)


def rep_day(rep: Rep, day: date) -> list[ActivityInput]:
    """The rep's activities on ``day`` (local): none at weekends or when off; else a shift
    (worked time, for "per hour") and the habits scaled by the rep's strengths."""
    rng = random.Random(f"{rep.email}:{day.isoformat()}")
    if day.weekday() >= 5 or rng.random() < ABSENCE:
        return []
    strengths = STRENGTHS.get(rep.email, {})
    start = datetime.combine(day, time(8), rep.zone) + timedelta(minutes=rng.randrange(0, 90, 5))
    shift = rng.randrange(435, 525, 5) * 60  # 7¼ to 8¾ hours
    made = [ActivityInput(rep.user_id, "SHIFT", start, duration_seconds=shift)]
    for habit in HABITS:
        if habit.kind == "COACHING_SESSION" and rep.email in NO_COACHING:
            continue
        strength = strengths.get(STANDARD_BY_KEY[habit.kind].level, 1.0)
        for _ in range(_rows(rng, habit.per_day * strength)):
            on_account = habit.on_account and rep.accounts and rng.random() < 0.7
            made.append(
                ActivityInput(
                    rep.user_id,
                    habit.kind,
                    start + timedelta(seconds=rng.randrange(shift)),
                    Decimal(rng.randint(*habit.quantity)),
                    account_id=rng.choice(rep.accounts) if on_account else None,
                    contact=_contact(rng) if habit.quantity == (1, 1) and not on_account else None,
                    attributes=_attributes(habit.kind, rng, strength),
                )
            )
    return [replace(a, external_id=f"demo:{day.isoformat()}:{n}") for n, a in enumerate(made)]


def _induction(rep: Rep, day: date) -> ActivityInput:
    """A new hire's first day: the safety and ethics training (an onboarding item)."""
    return ActivityInput(
        rep.user_id,
        "TRAINING_COMPLETED",
        datetime.combine(day, time(10), rep.zone),
        attributes=(("course", "SAFETY_AND_ETHICS"),),
        external_id=f"demo:{day.isoformat()}:induction",
    )


def month_of(rep: Rep, now: datetime) -> list[ActivityInput]:
    """The rep's activities over the ``DAYS`` local days up to ``now``, what has happened by
    ``now`` (a shift counts once it has ended)."""
    today = now.astimezone(rep.zone).date()
    first = today - timedelta(days=DAYS - 1)
    done: list[ActivityInput] = []
    if rep.email == NEW_HIRE:
        first = today - timedelta(days=NEW_HIRE_STARTED)
        done.append(_induction(rep, first))
    for offset in range((today - first).days + 1):
        for activity in rep_day(rep, first + timedelta(days=offset)):
            ends = activity.occurred_at + timedelta(seconds=activity.duration_seconds or 0)
            if ends <= now:
                done.append(activity)
    return done


async def _reps(session: AsyncSession) -> list[Rep]:
    ids = {email: await user_id(session, email) for email, _, _ in REPS}
    zones = await load_zones(session, ids.values())
    return [
        Rep(email, rep, zones[rep], tuple((await queries.account_ids_of(session, rep)).values()))
        for email, rep in ids.items()
    ]


async def _record(
    batch: Sequence[ActivityInput], session: AsyncSession, actor: Actor, now: datetime
) -> int:
    return (await record_activities(session, actor, now, batch)).recorded


async def load_activities(sessions: async_sessionmaker[AsyncSession], now: datetime) -> int:
    """Record each rep's month as the rep, in batches of at most ``MAX_BATCH``; how many
    activities were new (none on a second load the same day)."""
    recorded = 0
    for rep in await run(sessions, _reps):
        month = month_of(rep, now)
        for at in range(0, len(month), MAX_BATCH):
            batch = month[at : at + MAX_BATCH]
            recorded += await run_as(sessions, rep.email, now, partial(_record, batch))
    return recorded
