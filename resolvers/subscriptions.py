"""Real-time: approval requests, an approver's inbox and quotes, over graphql-transport-ws.

Each subscription waits on the process's event hub (fed by PostgreSQL
LISTEN/NOTIFY), re-checks that the viewer may see what changed, then reads it
fresh and yields it.

Two rules keep a subscription alive for hours:

* It holds no database connection while it waits: the session that read the
  last event is closed before waiting (there are far more subscriptions than
  pooled connections), and each event is read on a fresh one.
* When the hub says it may have missed events (``resync``, after its LISTEN
  connection came back, e.g. from a PostgreSQL restart), every subscription
  re-sends its current state, so the client never misses a change. A read that
  meets a connection which died since the last event is retried once on a new one.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy.exc import DBAPIError

from db.events import RESYNC
from db.queries.approval_inbox import inbox_request_ids_of
from resolvers.pagination import id_or_not_found
from schema.errors import NotFound, Unauthenticated
from schema.nodes import node_of
from schema.permissions import viewer_of
from schema.types.approval_access import now, principals
from schema.types.approvals import ApprovalRequest
from schema.types.quote import Quote

T = TypeVar("T")
Event = dict[str, Any]


def subscriber(info: strawberry.Info):  # type: ignore[no-untyped-def]
    """The signed-in viewer of a subscription, or UNAUTHENTICATED (no token at connection_init)."""
    viewer = viewer_of(info)
    if viewer is None:
        raise Unauthenticated("Send `authorization: Bearer …` in the connection_init payload.")
    return viewer


def is_resync(event: Event) -> bool:
    return event.get("topic") == RESYNC


async def events(
    info: strawberry.Info, wanted: Callable[[Event], bool]
) -> AsyncGenerator[Event, None]:
    """The events this subscription wants, plus every ``resync``; no connection held in between."""
    hub = info.context.events
    if hub is None:
        raise RuntimeError("The event hub is not running.")
    async with hub.subscribe() as queue:
        while True:
            await info.context.refresh()  # give the last event's connection back before waiting
            event = await queue.get()
            if is_resync(event) or wanted(event):
                yield event


async def read_fresh(info: strawberry.Info, read: Callable[[], Awaitable[T]]) -> T:
    """``read()``, once more on a new connection if the one it got had died (a database restart)."""
    try:
        return await read()
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
    await info.context.refresh()
    return await read()


async def fresh_node(info: strawberry.Info, node: type[T], pk: int) -> T | None:
    """The ``node`` with the primary key ``pk`` read fresh (``node_of``, on a new connection
    if need be): None when it is gone or the viewer may no longer see it."""
    return await read_fresh(info, partial(node_of, info, node, pk))


async def following(
    info: strawberry.Info, node: type[T], pk: int, wanted: Callable[[Event], bool]
) -> AsyncGenerator[tuple[Event, T], None]:
    """The events ``wanted`` (and every resync) of a subscription that follows one object,
    each with the object read fresh; those that come while the viewer may not see it (or it
    is gone) are passed over."""
    async for event in events(info, wanted):
        found = await fresh_node(info, node, pk)
        if found is not None:
            yield event, found


async def visible_pk(info: strawberry.Info, node: Any, global_id: strawberry.relay.GlobalID) -> int:
    """The primary key behind ``global_id``, a ``node`` the signed-in viewer may see: every
    subscription that follows one object opens with this. UNAUTHENTICATED without a viewer;
    NOT_FOUND for a malformed id, another type's, or one the viewer may not see (alike)."""
    subscriber(info)
    type_name = node.__name__
    pk = id_or_not_found(global_id, type_name, f"No {type_name} with this id.")
    if await node_of(info, node, pk) is None:
        raise NotFound(f"No {type_name} with this id.")
    return pk


async def _visible_requests(info: strawberry.Info, pks: list[int]) -> list[ApprovalRequest]:
    found = await ApprovalRequest.resolve_nodes(info=info, node_ids=[str(pk) for pk in pks])
    return [request for request in found if request is not None]


def _updates_of(node: Any, names: Callable[[Event, int], bool], description: str) -> Any:
    """The subscription ``<node>Updated(id: ID!): <node>!``: the object again, read fresh after
    each event that ``names`` it, while the viewer may see it."""
    type_name = node.__name__

    async def updated(
        info: strawberry.Info, id: strawberry.relay.GlobalID
    ) -> AsyncGenerator[Any, None]:
        pk = await visible_pk(info, node, id)
        async for _, found in following(info, node, pk, lambda event: names(event, pk)):
            yield found

    followed = (
        f"The global ID of the {type_name} to follow (from `{type_name}.id`); one you may "
        "not see is NOT_FOUND."
    )
    updated.__annotations__ = {
        "info": strawberry.Info,
        "id": Annotated[strawberry.relay.GlobalID, strawberry.argument(description=followed)],
        "return": AsyncGenerator[node, None],
    }
    return strawberry.subscription(resolver=updated, description=description)


async def _inbox_after_resync(
    info: strawberry.Info, me: int, event: Event
) -> list[ApprovalRequest]:
    """The open inbox and what left it lately: what a client may have missed."""
    since = datetime.fromisoformat(event["since"]) if event.get("since") else None

    async def ids() -> list[int]:
        # Yours and, while a delegation holds, those of everyone you stand in for.
        acting_for = sorted(await principals(info, me, now()))
        async with info.context.db.read() as session:
            return await inbox_request_ids_of(
                session, acting_for, changed_since=since, limit=info.context.config.pages.max_size
            )

    return await _visible_requests(info, await read_fresh(info, ids))


@strawberry.type(
    description="Real-time updates over graphql-transport-ws: send `authorization: Bearer …` "
    "in the connection_init payload. Each event carries the object as it is now, read fresh "
    "and only while you may see it; after the server lost contact with the database, the "
    "current state is sent again so no change is missed."
)
class Subscription:
    approval_request_updated = _updates_of(
        ApprovalRequest,
        lambda event, pk: event.get("topic") == "approval_request" and event.get("id") == pk,
        "The approval request again after every change to it (decisions, comments, "
        "counter-offers, recall, escalation). Anyone signed in who may see it.",
    )

    @strawberry.subscription(
        description="New or changed requests in your approval inbox (yours, or of someone "
        "you stand in for at the time). After the server lost contact with the database for a "
        "moment, the open inbox and whatever left it lately are sent again. Anyone signed in."
    )
    async def my_approval_inbox(
        self, info: strawberry.Info
    ) -> AsyncGenerator[ApprovalRequest, None]:
        me = subscriber(info).user_id

        def maybe_mine(e: dict[str, Any]) -> bool:
            named = [*(e.get("approvers") or []), *(e.get("stand_ins") or [])]
            return e.get("topic") == "approval_request" and me in named

        async for event in events(info, maybe_mine):
            if is_resync(event):
                for request in await _inbox_after_resync(info, me, event):
                    yield request
                continue
            # Yours, or of someone you stand in for at the time of the event.
            acting_for = await read_fresh(info, lambda: principals(info, me, now()))
            if acting_for.isdisjoint(event.get("approvers") or []):
                continue
            found = await fresh_node(info, ApprovalRequest, int(event["id"]))
            if found is not None:
                yield found

    quote_updated = _updates_of(
        Quote,
        lambda event, pk: (
            event.get("topic") in ("quote", "approval_request") and event.get("quote_id") == pk
        ),
        "The quote again after every change to it or to its approval requests (status, "
        "revision, approval). Anyone signed in who may see it.",
    )
