"""``changes(since:)``: one page of what changed for a reader, as entity keys.

A first sync (no cursor) walks every entity the reader may see, in pages, and remembers the
log's horizon read with its first page; then each sync reads the log after its position (the
latest change per entity, already filtered by what the reader may see), and, once the log is
exhausted, the content whose publish or retire instant passed since the last sync (those change
for a reader with no write, so no trigger sees them).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.users import Role
from db.queries.sync import SNAPSHOT_RANKS, Reader, changes_after, content_crossing, snapshot_after
from services.sync.cursor import Cursor, SyncConfig, decode

CONTENT = "CONTENT_ITEM"

TOMBSTONE_KINDS = {"DELETE": "DELETED", "RETIRE": "RETIRED", "REVOKE": "REVOKED"}
"""A log kind and the tombstone a reader gets for it."""


@dataclass(frozen=True, slots=True)
class Tombstone:
    entity_type: str
    entity_id: int
    kind: str
    """DELETED, RETIRED or REVOKED."""


@dataclass(slots=True)
class ChangePage:
    upserts: dict[str, list[int]] = field(default_factory=dict)
    """Entity type -> ids to send as they are now (content: decided when loaded, as it may
    have retired or not be published yet)."""
    tombstones: list[Tombstone] = field(default_factory=list)
    cursor: Cursor | None = None
    has_more: bool = False
    reset_required: bool = False

    def add(self, entity_type: str, entity_id: int, kind: str) -> None:
        if kind == "UPSERT":
            self.upserts.setdefault(entity_type, []).append(entity_id)
        else:
            self.tombstones.append(Tombstone(entity_type, entity_id, TOMBSTONE_KINDS[kind]))


def reader_of(actor: Actor) -> Reader:
    return Reader(
        owner_ids=actor.visible_owner_ids(),
        roles=frozenset(role.value for role in actor.roles),
        all_content=actor.has_any(Role.OPS),
    )


async def changes_since(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    since: str | None,
    first: int,
    config: SyncConfig,
) -> ChangePage:
    """One page of at most ``first`` entities; refuses a malformed cursor (INVALID)."""
    reader = reader_of(actor)
    if since is None:
        start = Cursor(actor.user_id, 0, now, now, snapshot_after=(0, 0))
        return await _snapshot(session, reader, start, first, now, fresh=True)
    cursor = decode(since, config.key, actor.user_id)
    if cursor.issued_at < now - config.retention:
        return ChangePage(reset_required=True)
    if cursor.snapshot_after is not None:
        return await _snapshot(session, reader, cursor, first, now, fresh=False)
    return await _delta(session, reader, cursor, first, now)


async def _snapshot(
    session: AsyncSession, reader: Reader, cursor: Cursor, first: int, now: datetime, *, fresh: bool
) -> ChangePage:
    assert cursor.snapshot_after is not None
    horizon, keys = await snapshot_after(
        session, reader, cursor.snapshot_after, cursor.window_start, first + 1
    )
    page = ChangePage()
    for rank, key in keys[:first]:
        page.add(SNAPSHOT_RANKS[rank], key, "UPSERT")
    position = horizon if fresh else cursor.position
    page.has_more = len(keys) > first
    page.cursor = replace(
        cursor,
        position=position,
        issued_at=now,
        snapshot_after=keys[first - 1] if page.has_more else None,
    )
    return page


async def _delta(
    session: AsyncSession, reader: Reader, cursor: Cursor, first: int, now: datetime
) -> ChangePage:
    found = await changes_after(session, reader, cursor.position, first + 1)
    page = ChangePage()
    if cursor.position < found.pruned_through:
        page.reset_required = True
        return page
    for change in found.changes[:first]:
        page.add(change.entity_type, change.entity_id, change.kind)
    if len(found.changes) > first:
        page.has_more = True
        page.cursor = replace(cursor, position=found.changes[first - 1].position, issued_at=now)
        return page
    # The log is exhausted up to its horizon: then the content that crossed an instant.
    room = first - len(found.changes)
    end, after = cursor.window_page or (now, 0)
    crossing = await content_crossing(session, reader, (cursor.window_start, end), after, room + 1)
    sent = set(page.upserts.get(CONTENT, ()))
    sent |= {stone.entity_id for stone in page.tombstones if stone.entity_type == CONTENT}
    for key in crossing[:room]:
        if key not in sent:
            page.add(CONTENT, key, "UPSERT")
    page.has_more = len(crossing) > room
    page.cursor = replace(
        cursor,
        position=found.horizon,
        issued_at=now,
        window_start=cursor.window_start if page.has_more else end,
        window_page=(end, crossing[room - 1] if room else after) if page.has_more else None,
    )
    return page
