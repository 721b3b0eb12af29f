"""Keyset pagination of a SQLAlchemy select into a Relay connection.

Cursors hold the sort key of the row (the last key column must be unique, e.g.
the id), so pages stay stable while rows are inserted, and each page is one
indexed query however deep the client pages. Page sizes are capped: asking for
more than the cap is an error, never a silent truncation.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute
from strawberry import relay

from db.queries import batches
from db.session import RequestDatabase
from resolvers.mutation import decode_id
from schema.connection import (
    CountedConnection,
    PageRequest,
    decode_cursor,
    encode_cursor,
    page_size,
)
from schema.errors import BadUserInput, NotFound
from services.refusal import Refused

N = TypeVar("N")
Prefetch = Callable[[strawberry.Info, list[Any]], Awaitable[None]]
"""Loads ahead what a page's nodes read (``Selection.prefetch``)."""
C = TypeVar("C", bound=CountedConnection[Any])


def _typed(values: list[object], keys: Sequence[InstrumentedAttribute[Any]]) -> tuple[Any, ...]:
    if len(values) != len(keys):
        raise BadUserInput("The cursor does not belong to this list.", argument="cursor")
    typed: list[Any] = []
    for value, key in zip(values, keys, strict=True):
        kind = key.type.python_type
        try:
            if value is None:
                typed.append(None)
            elif kind is datetime:
                typed.append(datetime.fromisoformat(str(value)))
            elif kind is Decimal:
                typed.append(Decimal(str(value)))
            else:
                typed.append(kind(value))
        except (TypeError, ValueError) as exc:
            raise BadUserInput(
                "The cursor does not belong to this list.", argument="cursor"
            ) from exc
    return tuple(typed)


async def paginate(
    info: strawberry.Info,
    stmt: Select[Any],
    *,
    keys: Sequence[InstrumentedAttribute[Any]],
    request: PageRequest,
    to_node: Callable[[Any], N],
    connection: type[C],
    descending: bool = False,
    total_when_whole: bool = True,
    prefetch: Prefetch | None = None,
) -> C:
    """One page of ``stmt`` (which selects one ORM entity), ordered by ``keys``, read
    through the request's session and capped by its page limits. ``total_when_whole``:
    a page that is the whole list (no cursor, nothing beyond it) counts itself, so
    ``totalCount`` costs no statement then (a short list on a home screen); ``prefetch``
    loads what the page's nodes read, before they are resolved."""
    db: RequestDatabase = info.context.db
    size, backwards = page_size(request, info.context.config.pages)
    after = _typed(decode_cursor(request.after), keys) if request.after else None
    before = _typed(decode_cursor(request.before), keys) if request.before else None
    async with db.read() as session:
        rows = await batches.keyset_page(
            session,
            stmt,
            keys,
            after=after,
            before=before,
            descending=descending,
            reverse_order=backwards != descending,
            limit=size + 1,
        )
    has_more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    if prefetch is not None and rows:
        await prefetch(info, rows)

    edges = [
        relay.Edge(cursor=encode_cursor([getattr(row, k.key) for k in keys]), node=to_node(row))
        for row in rows
    ]
    page_info = relay.PageInfo(
        has_next_page=has_more if not backwards else request.before is not None,
        has_previous_page=has_more if backwards else request.after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )

    whole = total_when_whole and not has_more and after is None and before is None
    counted = len(rows)

    async def count_total() -> int:
        if whole:
            return counted
        async with db.read() as session:
            return await batches.row_count(session, stmt)

    return connection(edges=edges, page_info=page_info, count_total=count_total)


def argument_id(
    global_id: relay.GlobalID | None, type_name: str, name: str, *, argument: str | None = None
) -> int | None:
    """The database id in the id argument ``name`` of a list field (None stays None), or
    NOT_FOUND naming the argument (or the ``argument``, e.g. the filter, that holds it)."""
    if global_id is None:
        return None
    message = f"`{name}` is not the id of any {type_name}."
    return id_or_not_found(global_id, type_name, message, argument or name)


def id_or_not_found(
    global_id: relay.GlobalID, type_name: str, message: str, argument: str | None = None
) -> int:
    """``decode_id`` for a query or subscription argument: a malformed id, or another type's,
    is a top-level NOT_FOUND ``message`` (naming ``argument``, if given), not a userError."""
    try:
        return decode_id(global_id, type_name)
    except Refused as exc:
        named = {} if argument is None else {"argument": argument}
        raise NotFound(message, **named) from exc


@dataclass(frozen=True)
class Selection:
    """What one request of a list field pages: the filtered select, and where the field's
    ``Listing`` does not say it, how its rows become nodes (data the request loaded first)
    or how it sorts (a sort the client chose)."""

    stmt: Select[Any]
    to_node: Callable[[Any], Any] | None = None
    listing: Listing[Any, Any] | None = None
    total_when_whole: bool = True
    """A first page that holds the whole list is its own ``totalCount`` (see ``paginate``)."""
    prefetch: Prefetch | None = None
    """Loads, through the request's loaders, what the page's nodes will read (the page's rows
    given), so their fields answer without awaiting one loader each."""


Selects = Callable[..., Select[Any] | Selection | Awaitable[Select[Any] | Selection]]
"""A list field's own part: ``(self, info, <its filter arguments>)`` to what it pages."""


def _argument(kind: type, description: str) -> Any:
    return Annotated[kind | None, strawberry.argument(description=description)]


PAGE_ARGUMENTS = {
    "first": _argument(
        int,
        "How many items after `after`, 0 up to the page cap (200 by default; more is a "
        "BAD_USER_INPUT error, never a silent truncation). 50 when neither `first` nor `last` "
        "is given; not together with `last`.",
    ),
    "after": _argument(
        str, "The `cursor` of the item to start after (from an edge or `pageInfo.endCursor`)."
    ),
    "last": _argument(
        int,
        "How many items before `before`, counting back, 0 up to the page cap; not together "
        "with `first`.",
    ),
    "before": _argument(
        str, "The `cursor` of the item to end before (from an edge or `pageInfo.startCursor`)."
    ),
}
"""The Relay paging arguments every list field takes after its own, in this order (a page
larger than the cap, 200 by default, is an error)."""


@dataclass(frozen=True)
class Listing(Generic[N, C]):
    """How one list field pages: its sort ``keys``, how a row becomes a node, and its
    connection type. ``@LISTING.field(extensions, description)`` over a function from the
    field's own arguments to its filtered select makes the field, paging arguments included.
    """

    keys: Sequence[InstrumentedAttribute[Any]]
    connection: type[C]
    to_node: Callable[[Any], N] | None = None
    descending: bool = False

    async def page(
        self,
        info: strawberry.Info,
        stmt: Select[Any],
        first: int | None,
        after: str | None,
        last: int | None,
        before: str | None,
        *,
        to_node: Callable[[Any], N] | None = None,
        total_when_whole: bool = True,
        prefetch: Prefetch | None = None,
    ) -> C:
        node = to_node or self.to_node
        if node is None:
            raise TypeError("a Listing without to_node needs one for each page")
        return await paginate(
            info,
            stmt,
            keys=self.keys,
            request=PageRequest(first=first, after=after, last=last, before=before),
            to_node=node,
            connection=self.connection,
            descending=self.descending,
            total_when_whole=total_when_whole,
            prefetch=prefetch,
        )

    def field(self, extensions: Sequence[Any], description: str) -> Callable[[Selects], Any]:
        """The list field whose own arguments and filter are ``selects``'s::

            @PRODUCTS.field(signed_in(), "Browse and search the catalog.")
            def products(self, info: strawberry.Info, filter: ProductFilter | None = None):
                return products_statement(...)

        is ``products(filter: ProductFilter, first: Int, after: String, last: Int,
        before: String): ProductConnection!``, one page of what ``selects`` returns (a
        select, or a ``Selection``; it may be async)."""

        def make(selects: Selects) -> Any:
            async def resolve(
                *args: Any,
                first: int | None = None,
                after: str | None = None,
                last: int | None = None,
                before: str | None = None,
                **kwargs: Any,
            ) -> C:
                chosen = selects(*args, **kwargs)
                if inspect.isawaitable(chosen):
                    chosen = await chosen
                if not isinstance(chosen, Selection):
                    chosen = Selection(chosen)
                listing = chosen.listing or self
                info = kwargs["info"]
                return await listing.page(
                    info,
                    chosen.stmt,
                    first,
                    after,
                    last,
                    before,
                    to_node=chosen.to_node,
                    total_when_whole=chosen.total_when_whole,
                    prefetch=chosen.prefetch,
                )

            # Strawberry reads the arguments from the signature, their annotations in the
            # module that declares ``selects``.
            own = inspect.signature(selects)
            paging = [
                inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=t)
                for name, t in PAGE_ARGUMENTS.items()
            ]
            resolve.__signature__ = own.replace(  # type: ignore[attr-defined]
                parameters=[*own.parameters.values(), *paging], return_annotation=self.connection
            )
            resolve.__module__, resolve.__name__ = selects.__module__, selects.__name__
            resolve.__qualname__, resolve.__doc__ = selects.__qualname__, selects.__doc__
            return strawberry.field(
                resolver=resolve, extensions=list(extensions), description=description
            )

        return make

    def sorted_by(
        self, keys: Sequence[InstrumentedAttribute[Any]], *, descending: bool
    ) -> Listing[N, C]:
        """The same list in another order (a sort the client chose)."""
        return dataclasses.replace(self, keys=keys, descending=descending)
