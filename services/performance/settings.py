"""The organisation's performance settings (OPS) and a rep's time zone.

A rep's KPI days are read in their own zone, so changing the zone moves facts
between days: the rep's current rollups are rebuilt from the log in the same
transaction (new facts wait for it), and a full recompute still finds no drift; the
contests keeping totals for the rep get spans over the new zone's days.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.performance_activities import PerformanceSettings
from db.models.users import Role
from db.queries import activities as log
from services.performance.contest_totals import refresh_for_rep
from services.performance.context import is_zone, load_definitions
from services.performance.definitions import require_ops
from services.performance.recompute import rebuild
from services.refusal import Code, refuse

MAX_TOLERANCE_SECONDS = 86_400


async def set_time_zone(
    session: AsyncSession, actor: Actor, now: datetime, user_id: int, zone: str
) -> tuple[int, str]:
    """Set ``user_id``'s IANA zone (your own; OPS and ADMIN anyone's) and rebuild their rollups."""
    if user_id != actor.user_id and not actor.has_any(Role.OPS):
        raise refuse(Code.NOT_FOUND, "No user you may change.", ("input", "userId"))
    if not is_zone(zone):
        raise refuse(Code.INVALID, f"{zone!r} is not an IANA time zone.", ("input", "timeZone"))
    user = await log.user_for_update(session, user_id)
    if user is None:
        raise refuse(Code.NOT_FOUND, "No user you may change.", ("input", "userId"))
    if user.time_zone != zone:
        await log.lock_log_for_recompute(session)
        user.time_zone = zone
        await session.flush()
        await rebuild(session, list((await load_definitions(session)).values()), user_id)
        await refresh_for_rep(session, user_id)
    return user_id, zone


async def set_performance_settings(
    session: AsyncSession, actor: Actor, now: datetime, week_start: int, tolerance_seconds: int
) -> PerformanceSettings:
    """The weekday weeks start on (0 Monday .. 6 Sunday) and how far in the future an activity
    may be (clock skew between phones and the server)."""
    require_ops(actor)
    if not 0 <= week_start <= 6:
        raise refuse(Code.INVALID, "0 (Monday) to 6 (Sunday).", ("input", "weekStart"))
    if not 0 <= tolerance_seconds <= MAX_TOLERANCE_SECONDS:
        raise refuse(Code.INVALID, "0 to 86400 seconds.", ("input", "futureToleranceSeconds"))
    row = await log.settings_row(session)
    if row is None:
        row = PerformanceSettings(id=1)
        session.add(row)
    row.week_start = week_start
    row.future_tolerance_seconds = tolerance_seconds
    await session.flush()
    return row
