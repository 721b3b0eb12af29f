"""``setPerformanceSettings`` (OPS) and ``setTimeZone`` (yourself; OPS anyone)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, key, mutation
from schema.permissions import require_viewer
from schema.text_limits import MaxLength
from schema.types.performance.settings import PerformanceSettings, UserTimeZone
from services.performance import settings


@strawberry.input(description="The organisation's performance settings.")
class SetPerformanceSettingsInput:
    week_start: int = 0
    """The weekday weeks start on: 0 Monday .. 6 Sunday."""
    future_tolerance_seconds: int = 300
    """How far in the future an activity may be, 0 to 86400 seconds."""


@strawberry.input(description="A user's IANA time zone.")
class SetTimeZoneInput:
    time_zone: Annotated[str, MaxLength(64)]
    """An IANA zone name, e.g. Asia/Bangkok."""
    user_id: relay.GlobalID | None = None
    """The user (you by default; OPS may set anyone's)."""


@mutation(settings.set_performance_settings, PerformanceSettings, field="settings")
def set_performance_settings(input: SetPerformanceSettingsInput) -> Arguments:
    return input.week_start, input.future_tolerance_seconds


def zone_of(done: tuple[int, str]) -> UserTimeZone:
    user_id, zone = done
    return UserTimeZone(user_id=relay.GlobalID("User", str(user_id)), time_zone=zone)


@mutation(settings.set_time_zone, UserTimeZone, field="zone", builds=zone_of)
def set_time_zone(input: SetTimeZoneInput, info: strawberry.Info) -> Arguments:
    viewer = require_viewer(info).user_id
    user = viewer if input.user_id is None else key(input.user_id, "User", "userId")
    return user, input.time_zone
