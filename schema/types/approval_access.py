"""Who may act on an approval request *now*, for the types that show it.

Thin loaders around ``approvals.acting``: the viewer's delegations (as a
delegate) and the seats' delegations are read through the request's
dataloaders, so a list of requests costs the same round trips as one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime

import strawberry

import approvals as engine
from db.queries.approvals import acting_directory


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
    seats = sorted({s for s in seat_user_ids if s.isdigit()})
    loaders = info.context.loaders
    groups = await loaders.delegations_by_user_id.load_many([int(s) for s in seats])
    delegations = [d for group in groups for d in group]
    users = await loaders.user_by_id.load_many(sorted({d.delegate_id for d in delegations}))
    directory = acting_directory([u for u in users if u is not None], delegations)
    return {seat: engine.standing_in(directory, seat, at, owner_id) for seat in seats}
