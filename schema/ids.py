"""Global IDs from clients, decoded without trusting them.

A global ID is base64 of ``TypeName:key``. Whatever a client sends — not base64,
no colon, a type that is not a node, a key that is not a plain decimal number or
is beyond the database's ``integer`` — decodes to "no such object", never to an
exception deeper down (``int('²')`` raising, or PostgreSQL refusing 2**31).
"""

from __future__ import annotations

from strawberry.relay.utils import from_base64

INT32_MAX = 2**31 - 1
NO_ROW = -1  # a key no row has: loaders answer None for it without a special case
_MAX_KEY_DIGITS = len(str(INT32_MAX))


def node_key(node_id: str) -> int:
    """The integer primary key in a node id, or ``NO_ROW`` when it cannot be one."""
    if not isinstance(node_id, str) or not 0 < len(node_id) <= _MAX_KEY_DIGITS:
        return NO_ROW
    if not (node_id.isascii() and node_id.isdigit()):  # str.isdigit alone accepts '²' and '١'
        return NO_ROW
    key = int(node_id)
    return key if 0 < key <= INT32_MAX else NO_ROW


def node_keys(node_ids: object) -> list[int]:
    """``node_key`` of each id, in order (for ``resolve_nodes`` and loaders' ``load_many``)."""
    return [node_key(i) for i in node_ids]  # type: ignore[attr-defined]


def split_global_id(value: object) -> tuple[str, str] | None:
    """``(type_name, node_id)`` of a well-formed global ID, else ``None``."""
    if not isinstance(value, str):
        return None
    try:
        return from_base64(value)
    except ValueError:
        return None
