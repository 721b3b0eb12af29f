"""Relay connections with an opaque keyset cursor and a lazily counted total.

``totalCount`` costs a COUNT query, so it runs only when a client selects it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic

import strawberry
from strawberry import relay
from strawberry.relay.types import NodeType

from schema.errors import BadUserInput

CURSOR_PREFIX = "cursor:"


@dataclass(frozen=True, slots=True)
class PageRequest:
    """A connection field's Relay paging arguments, as the client sent them."""

    first: int | None = None
    """Forward paging: at most this many items (the default page size when neither
    ``first`` nor ``last`` is given)."""
    after: str | None = None
    """The cursor of the item the page starts after."""
    last: int | None = None
    """Backward paging: at most this many items, the ones just before ``before``."""
    before: str | None = None
    """The cursor of the item the page ends before."""


@dataclass(frozen=True, slots=True)
class PageLimits:
    """Page sizes: the one given when a client asks for none, and the largest allowed."""

    default_size: int = 50
    max_size: int = 200


def page_size(request: PageRequest, limits: PageLimits) -> tuple[int, bool]:
    """How many rows, and whether we page backwards (``last``)."""
    if request.first is not None and request.last is not None:
        raise BadUserInput("Pass either `first` or `last`, not both.", argument="first")
    backwards = request.last is not None
    size = request.last if backwards else request.first
    if size is None:
        return limits.default_size, False
    name = "last" if backwards else "first"
    if size < 0:
        raise BadUserInput(f"`{name}` must not be negative.", argument=name)
    if size > limits.max_size:
        raise BadUserInput(
            f"`{name}` is {size}; a page holds at most {limits.max_size} items.",
            argument=name,
            maxPageSize=limits.max_size,
        )
    return size, backwards


def encode_cursor(values: list[object]) -> str:
    payload = json.dumps(values, default=str, separators=(",", ":"))
    return base64.urlsafe_b64encode((CURSOR_PREFIX + payload).encode()).decode()


def decode_cursor(cursor: str) -> list[object]:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not raw.startswith(CURSOR_PREFIX):
            raise ValueError(raw)
        values = json.loads(raw[len(CURSOR_PREFIX) :])
        if not isinstance(values, list):
            raise ValueError(raw)
        return values
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadUserInput("The cursor is not valid.", argument="cursor") from exc


def decode_keyset(
    cursor: str,
    kinds: tuple[type, ...],
    *,
    argument: str,
    message: str = "The cursor is not valid.",
) -> tuple[Any, ...]:
    """A hand-built keyset cursor's values, each made one of ``kinds`` (a ``datetime`` must
    carry its offset), or BAD_USER_INPUT with ``message`` on ``argument`` when they do not fit."""
    values = decode_cursor(cursor)
    try:
        if len(values) != len(kinds):
            raise ValueError(values)
        return tuple(_keyset_value(value, kind) for value, kind in zip(values, kinds, strict=True))
    except (TypeError, ValueError) as exc:
        raise BadUserInput(message, argument=argument) from exc


def _keyset_value(value: object, kind: type) -> Any:
    if kind is not datetime:
        return kind(str(value))
    at = datetime.fromisoformat(str(value))
    if at.tzinfo is None:
        raise ValueError(value)
    return at


@strawberry.type
class CountedConnection(relay.Connection[NodeType], Generic[NodeType]):
    count_total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Number of items in the whole list, across all pages.")
    async def total_count(self) -> int:
        return await self.count_total()
