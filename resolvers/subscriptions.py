"""Real-time: approval requests, an approver's inbox and quotes, over graphql-transport-ws.

Each subscription waits on the process's event hub (fed by PostgreSQL
LISTEN/NOTIFY), re-checks that the viewer may see what changed, then reads it
fresh and yields it.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from typing import Any

import strawberry

from resolvers.mutation import Rejected, decode_id
from schema.errors import NotFound, Unauthenticated
from schema.permissions import viewer_of
from schema.types.approval_access import now, principals
from schema.types.approvals import ApprovalRequest
from schema.types.quote import Quote


def _viewer(info: strawberry.Info):  # type: ignore[no-untyped-def]
    viewer = viewer_of(info)
    if viewer is None:
        raise Unauthenticated("Send `authorization: Bearer …` in the connection_init payload.")
    return viewer


def _pk(global_id: strawberry.relay.GlobalID, type_name: str) -> int:
    try:
        return decode_id(global_id, type_name)
    except Rejected as exc:
        raise NotFound(f"No {type_name} with this id.") from exc


async def _events(info: strawberry.Info, wanted: Callable[[dict[str, Any]], bool]) -> AsyncGenerator[dict[str, Any], None]:
    hub = info.context.events
    if hub is None:
        raise RuntimeError("The event hub is not running.")
    async with hub.subscribe() as queue:
        while True:
            event = await queue.get()
            if wanted(event):
                await info.context.refresh()
                yield event


async def _visible_request(info: strawberry.Info, pk: int) -> ApprovalRequest | None:
    found = await ApprovalRequest.resolve_nodes(info=info, node_ids=[str(pk)])
    return found[0]


async def _visible_quote(info: strawberry.Info, pk: int) -> Quote | None:
    found = await Quote.resolve_nodes(info=info, node_ids=[str(pk)])
    return found[0]


@strawberry.type
class Subscription:
    @strawberry.subscription(description="Every change to one approval request (decisions, comments, counter-offers).")
    async def approval_request_updated(
        self, info: strawberry.Info, id: strawberry.relay.GlobalID
    ) -> AsyncGenerator[ApprovalRequest, None]:
        _viewer(info)
        pk = _pk(id, "ApprovalRequest")
        if await _visible_request(info, pk) is None:
            raise NotFound("No ApprovalRequest with this id.")
        async for _ in _events(info, lambda e: e.get("topic") == "approval_request" and e.get("id") == pk):
            request = await _visible_request(info, pk)
            if request is not None:
                yield request

    @strawberry.subscription(description="New or changed requests in your approval inbox.")
    async def my_approval_inbox(self, info: strawberry.Info) -> AsyncGenerator[ApprovalRequest, None]:
        me = _viewer(info).user_id

        def maybe_mine(e: dict[str, Any]) -> bool:
            named = [*(e.get("approvers") or []), *(e.get("stand_ins") or [])]
            return e.get("topic") == "approval_request" and me in named

        async for event in _events(info, maybe_mine):
            # Yours, or of someone you stand in for at the time of the event.
            if (await principals(info, me, now())).isdisjoint(event.get("approvers") or []):
                continue
            request = await _visible_request(info, int(event["id"]))
            if request is not None:
                yield request

    @strawberry.subscription(description="Every change to one quote (status, revision, approval).")
    async def quote_updated(self, info: strawberry.Info, id: strawberry.relay.GlobalID) -> AsyncGenerator[Quote, None]:
        _viewer(info)
        pk = _pk(id, "Quote")
        if await _visible_quote(info, pk) is None:
            raise NotFound("No Quote with this id.")
        async for _ in _events(
            info, lambda e: e.get("topic") in ("quote", "approval_request") and e.get("quote_id") == pk
        ):
            quote = await _visible_quote(info, pk)
            if quote is not None:
                yield quote


