"""When an item can be read, and by whom: publish and retire instants, audience roles."""

from __future__ import annotations

import enum
from collections.abc import Collection
from datetime import datetime


class ContentStatus(enum.Enum):
    SCHEDULED = "SCHEDULED"
    LIVE = "LIVE"
    RETIRED = "RETIRED"


def status(publish_at: datetime, retire_at: datetime | None, now: datetime) -> ContentStatus:
    """Retired from ``retire_at`` on (inclusive), live from ``publish_at`` until then."""
    if retire_at is not None and retire_at <= now:
        return ContentStatus.RETIRED
    if publish_at > now:
        return ContentStatus.SCHEDULED
    return ContentStatus.LIVE


def in_audience(audience: Collection[str], roles: Collection[str]) -> bool:
    """An item with no audience roles is for everyone; otherwise for holders of one of them."""
    return not audience or any(role in audience for role in roles)


def readable(
    audience: Collection[str],
    publish_at: datetime,
    roles: Collection[str],
    now: datetime,
    *,
    sees_all: bool,
) -> bool:
    """Who may read an item (live or retired): whoever ``sees_all`` (the back office: OPS and
    admins) every one, scheduled ones too; others a published one in their audience. The one
    rule behind reading by id, by node, tracking, quizzes and attachment downloads."""
    return sees_all or (publish_at <= now and in_audience(audience, roles))


def retire_instant(retire_at: datetime | None, now: datetime) -> datetime:
    """Retiring now: an item already set to retire earlier keeps that instant."""
    return retire_at if retire_at is not None and retire_at <= now else now


def offset_after(cursor_offset: int | None) -> int:
    """The first row of a ranked page after the row at ``cursor_offset`` (from the start)."""
    return 0 if cursor_offset is None else cursor_offset + 1
