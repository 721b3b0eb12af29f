"""The organisation's performance settings as the API shows them."""

from __future__ import annotations

import strawberry
from strawberry import relay

from schema.rows import FromRow


@strawberry.type(description="How the organisation cuts time for KPIs and checks activity times.")
class PerformanceSettings(FromRow):
    week_start: int
    """The weekday weeks start on: 0 Monday .. 6 Sunday."""
    future_tolerance_seconds: int
    """How far in the future an activity's time may be (clock skew), in seconds."""


@strawberry.type(description="A user's time zone, in which their KPI days are read.")
class UserTimeZone:
    user_id: relay.GlobalID
    """The user's global ID."""
    time_zone: str
    """The IANA zone name, e.g. Asia/Bangkok."""
