"""``node``/``nodes`` and ``resolve_nodes`` for Relay types, built one way: through the
request's loader, for a signed-in viewer, with an optional visibility rule.

Missing and not-visible both come back ``null``, so an id never tells whether
something exists that the viewer may not see. A malformed id (not base64, an
unknown or non-node type, a key that is not an int32) is simply missing: ``null``,
never an error.
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Annotated, Any, TypeVar, cast

import strawberry
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.cast import cast as strawberry_cast

from db.actor import Actor
from schema.ids import NO_ROW, node_key, node_keys, split_global_id
from schema.permissions import signed_in, viewer_of
from schema.rows import loader

T = TypeVar("T")

Visible = Callable[[Actor, Any], bool]
"""A visibility rule on the row alone, e.g. ``owned``."""

Scope = Callable[[strawberry.Info, Actor, list[Any]], Awaitable[Visible]]
"""A visibility rule that needs more data: given the viewer and the rows found
(never ``None``), it loads what it needs once, through the request's loaders,
and returns the rule for one row."""

Build = Callable[[strawberry.Info, list[Any]], Awaitable[Callable[[Any], Any]]]
"""How a type is built when ``from_row`` is not enough (a line that takes its
parent's currency): given the visible rows, it loads what it needs once, through
the request's loaders, and returns the builder for one row."""


def nodes_via(
    loader_name: str,
    visible: Visible | None = None,
    *,
    scope: Scope | None = None,
    build: Build | None = None,
) -> Any:
    """``resolve_nodes`` for a type with ``from_row`` (or ``build``): the rows from the
    loader ``loader_name`` (dotted for a domain's group, ``"commissions.credit_by_id"``),
    kept where ``visible`` (or the rule ``scope`` returns) allows.

    Declared in the class body, the same for every type::

        resolve_nodes = nodes_via("quote_by_id", owned)
        resolve_nodes = nodes_via("approval_request_by_id", scope=approval_scope)
        resolve_nodes = nodes_via("commissions.assignment_by_id", rep_owned, build=with_plan)
    """

    async def resolve_nodes(
        cls: Any, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        ids = node_keys(node_ids)
        viewer = viewer_of(info)
        if viewer is None:
            return [None for _ in ids]
        rows = await loader(info, loader_name).load_many(ids)
        rule = visible
        if scope is not None:
            rule = await scope(info, viewer, [row for row in rows if row is not None])
        kept = [row if row is None or rule is None or rule(viewer, row) else None for row in rows]
        found = [row for row in kept if row is not None]
        make = cls.from_row if build is None else await build(info, found)
        return [None if row is None else make(row) for row in kept]

    return classmethod(resolve_nodes)


def owned(viewer: Actor, row: Any) -> bool:
    """Rows with an ``owner_id``: the owner, their managers, back office."""
    return viewer.may_see_owner(row.owner_id)


async def node_of(info: strawberry.Info, cls: type[T], key: int | None) -> T | None:
    """The ``cls`` node with the primary key ``key`` as ``node`` answers it: ``None``
    when there is no key, no row, or the viewer may not see it."""
    if key is None:
        return None
    found = await cls.resolve_nodes(info=info, node_ids=[str(key)])  # type: ignore[attr-defined]
    return cast("T | None", found[0])


async def node_by_id(info: strawberry.Info, cls: type[T], global_id: relay.GlobalID) -> T | None:
    """``node_of`` the key in ``global_id``: ``None`` as well when it is malformed or names
    another type (a ``thing(id:)`` query answers null, never an error)."""
    named = global_id.type_name == cls.__strawberry_definition__.name  # type: ignore[attr-defined]
    key = node_key(global_id.node_id) if named else NO_ROW
    return None if key == NO_ROW else await node_of(info, cls, key)


def node_type_of(info: strawberry.Info, global_id: str) -> tuple[type[relay.Node], str] | None:
    """The node type and key a global ID names, or ``None`` when it names nothing that can exist."""
    parts = split_global_id(global_id)
    if parts is None:
        return None
    type_name, node_id = parts
    definition = info.schema.get_type_by_name(type_name)
    if not isinstance(definition, StrawberryObjectDefinition):
        return None
    origin = definition.origin
    if (
        not (isinstance(origin, type) and issubclass(origin, relay.Node))
        or node_key(node_id) == NO_ROW
    ):
        return None
    return origin, node_id


async def resolve_global_ids(info: strawberry.Info, global_ids: Sequence[str]) -> list[Any]:
    """Objects for ``global_ids``, in order; one ``resolve_nodes`` call per type."""
    wanted: defaultdict[type[relay.Node], list[tuple[int, str]]] = defaultdict(list)
    for index, global_id in enumerate(global_ids):
        named = node_type_of(info, global_id)
        if named is not None:
            wanted[named[0]].append((index, named[1]))
    results: list[Any] = [None] * len(global_ids)
    for node_type, entries in wanted.items():
        found = node_type.resolve_nodes(
            info=info, node_ids=[node_id for _, node_id in entries], required=False
        )
        if inspect.isawaitable(found):
            found = await found
        for (index, _), obj in zip(entries, list(found), strict=True):
            results[index] = None if obj is None else strawberry_cast(node_type, obj)
    return results


@strawberry.type
class NodeQueries:
    @strawberry.field(
        extensions=signed_in(),
        description="Any object by its global ID; null if missing or not yours.",
    )
    async def node(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The ID of the object.")],
    ) -> relay.Node | None:
        return (await resolve_global_ids(info, [id]))[0]

    @strawberry.field(
        extensions=signed_in(), description="Several objects by global ID, in the order asked."
    )
    async def nodes(
        self,
        info: strawberry.Info,
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="The IDs of the objects.")
        ],
    ) -> list[relay.Node | None]:
        return await resolve_global_ids(info, ids)
