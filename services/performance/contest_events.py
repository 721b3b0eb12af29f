"""Telling every server process that a contest's board may have moved (LISTEN/NOTIFY).

Payloads carry keys, never rows (NOTIFY stays under 8,000 bytes), and are sent in
the writer's transaction, so a rolled-back change is never announced. A change to
a contest (enrolment, rules, its end) names the contest; recorded metric values
name the reps whose values moved (``announce_values``, for V1's activity recording to
call once per batch, not per activity: a pending NOTIFY serialises commits).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession

from db.events import publish

CONTEST = "contest"
VALUES = "contest_values"
MAX_REPS = 500
"""More reps than this in one batch are announced as "everyone" (no ids), to stay small."""


async def announce_contest(session: AsyncSession, contest_id: int) -> None:
    await publish(session, CONTEST, id=contest_id)


async def announce_values(session: AsyncSession, rep_ids: Collection[int]) -> None:
    """Metric values moved for these reps (all reps when there are many)."""
    reps = sorted(rep_ids) if len(rep_ids) <= MAX_REPS else None
    await publish(session, VALUES, reps=reps)
