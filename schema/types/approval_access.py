"""Who may act on an approval request *now*, for the types that show it.

Thin loaders around ``approvals.acting``: the viewer's delegations (as a
delegate) and the seats' delegations are read through the request's
dataloaders, so a list of requests costs the same round trips as one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

import strawberry

import approvals as engine
from db.queries.approvals import acting_directory
from schema.rows import NOT_LOADED, loaded


def now() -> datetime:
    """The moment access is judged at (the request's, not the plan's)."""
    return datetime.now(UTC)


async def viewer_directory(info: strawberry.Info, user_id: int) -> engine.Directory:
    """The viewer and every delegation naming them as delegate."""
    loaders = info.context.loaders
    me, delegations = await asyncio.gather(
        loaders.user_by_id.load(user_id), loaders.delegations_by_delegate_id.load(user_id)
    )
    return acting_directory([me] if me is not None else [], delegations)


async def principals(info: strawberry.Info, user_id: int, at: datetime) -> frozenset[int]:
    """The viewer and everyone they stand in for at ``at``."""
    acting_for = engine.represented(await viewer_directory(info, user_id), str(user_id), at)
    return frozenset(int(u) for u in acting_for)


async def live_delegates(
    info: strawberry.Info, seat_user_ids: Iterable[str], owner_id: str, at: datetime
) -> dict[str, tuple[str, ...]]:
    """For each seat, who stands in for its approver at ``at`` (never the quote owner)."""
    seats = _seats(seat_user_ids)
    loaders = info.context.loaders
    groups = await loaders.delegations_by_user_id.load_many([int(s) for s in seats])
    delegations = [d for group in groups for d in group]
    users = await loaders.user_by_id.load_many(sorted({d.delegate_id for d in delegations}))
    return _standing_in(seats, delegations, users, owner_id, at)


def _seats(seat_user_ids: Iterable[str]) -> list[str]:
    return sorted({s for s in seat_user_ids if s.isdigit()})


def _standing_in(
    seats: list[str], delegations: list[Any], users: Iterable[Any], owner_id: str, at: datetime
) -> dict[str, tuple[str, ...]]:
    directory = acting_directory([u for u in users if u is not None], delegations)
    return {seat: engine.standing_in(directory, seat, at, owner_id) for seat in seats}


def request_moment(info: strawberry.Info) -> datetime:
    """The moment a request's lists judge access at: ``now()`` when first asked, then the
    same for the rest of the request (or of a subscription's event, whose loaders are
    fresh), so a page's items are judged alike and what is worked out once holds for all."""
    derived = info.context.loaders.derived
    moment = derived.get(_MOMENT)
    if moment is None:
        moment = derived[_MOMENT] = now()
    return cast(datetime, moment)


_MOMENT = "approval_access.moment"


def principals_now(info: strawberry.Info, user_id: int) -> frozenset[str] | None:
    """``engine.represented`` of ``viewer_directory`` (no owner) at ``request_moment``, when
    the request's loaders already hold its rows; else None. Worked out once per request
    (``Loaders.derived``) while the loaders hold the same rows: an inbox page asks it for
    every item (``engine.awaiting_as``)."""
    loaders = info.context.loaders
    me = loaded(loaders.user_by_id, user_id)
    delegations = loaded(loaders.delegations_by_delegate_id, user_id)
    if me is NOT_LOADED or delegations is NOT_LOADED:
        return None
    key = ("approval_access.principals", user_id)
    kept = loaders.derived.get(key)
    if kept is not None and kept[0] is me and kept[1] is delegations:
        return cast(frozenset[str], kept[2])
    directory = acting_directory([me] if me is not None else [], delegations)
    acting_for = engine.represented(directory, str(user_id), request_moment(info))
    loaders.derived[key] = (me, delegations, acting_for)
    return acting_for


def live_delegates_now(
    info: strawberry.Info, seat_user_ids: Sequence[str], owner_id: str
) -> dict[str, tuple[str, ...]] | None:
    """``live_delegates`` at ``request_moment`` when the request's loaders already hold every
    row it reads (a page loaded them ahead); else None. Worked out once per request for the
    same seats and owner (``Loaders.derived``) while the loaders hold the same rows: an inbox
    page's plans mostly name the same few approvers."""
    loaders = info.context.loaders
    key = ("approval_access.delegates", tuple(seat_user_ids), owner_id)
    kept = loaders.derived.get(key)
    seats = _seats(seat_user_ids) if kept is None else kept[0]
    groups = [loaded(loaders.delegations_by_user_id, int(s)) for s in seats]
    if any(g is NOT_LOADED for g in groups):
        return None
    if kept is not None and _same(kept[1], groups):  # the same delegations: the same people
        users = [loaded(loaders.user_by_id, i) for i in kept[2]]
        if _same(kept[3], users):
            return cast(dict[str, tuple[str, ...]], kept[4])
    delegations = [d for group in groups for d in group]
    ids = sorted({d.delegate_id for d in delegations})
    users = [loaded(loaders.user_by_id, i) for i in ids]
    if any(u is NOT_LOADED for u in users):
        return None
    found = _standing_in(seats, delegations, users, owner_id, request_moment(info))
    loaders.derived[key] = (seats, groups, ids, users, found)
    return found


def _same(kept: list[Any], now_held: list[Any]) -> bool:
    return len(kept) == len(now_held) and all(a is b for a, b in zip(kept, now_held, strict=True))
