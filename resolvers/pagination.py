"""Keyset pagination of a SQLAlchemy select into a Relay connection.

Cursors hold the sort key of the row (the last key column must be unique, e.g.
the id), so pages stay stable while rows are inserted, and each page is one
indexed query however deep the client pages. Page sizes are capped: asking for
more than the cap is an error, never a silent truncation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute
from strawberry import relay

from db.queries import batches
from db.session import RequestDatabase
from schema.connection import (
    CountedConnection,
    PageRequest,
    decode_cursor,
    encode_cursor,
    page_size,
)
from schema.errors import BadUserInput

N = TypeVar("N")
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
) -> C:
    """One page of ``stmt`` (which selects one ORM entity), ordered by ``keys``, read
    through the request's session and capped by its page limits."""
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

    async def count_total() -> int:
        async with db.read() as session:
            return await batches.row_count(session, stmt)

    return connection(edges=edges, page_info=page_info, count_total=count_total)


@dataclass(frozen=True)
class Listing(Generic[N, C]):
    """How one list field pages: its sort ``keys``, how a row becomes a node, and its
    connection type. A list field filters into a select, then returns
    ``await LISTING.page(info, stmt, first, after, last, before)``."""

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
        )
