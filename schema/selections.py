"""What the client selected below a field: a resolver skips work for parts nobody asked for."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from strawberry.types.nodes import SelectedField


def asks_for(selections: Sequence[Any], name: str) -> bool:
    """Whether a field ``name`` is selected anywhere below (fragments included)."""
    for selection in selections:
        if isinstance(selection, SelectedField) and selection.name == name:
            return True
        if asks_for(selection.selections, name):
            return True
    return False


def _fields(selections: Sequence[Any]) -> Iterator[SelectedField]:
    """The fields of ``selections``, those of its fragments included."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:
            yield from _fields(selection.selections)


def asks_path(selections: Sequence[Any], *path: str) -> bool:
    """Whether the field ``path`` is selected, each name directly below the one before
    (fragments included)."""
    if not path:
        return True
    name, below = path[0], path[1:]
    return any(f.name == name and asks_path(f.selections, *below) for f in _fields(selections))


def nodes_ask(selected_fields: Sequence[Any], *path: str) -> bool:
    """Whether the nodes of the connection field being resolved (``info.selected_fields``)
    select ``path``, through ``edges { node }`` or ``nodes``."""
    return any(
        asks_path(top.selections, "edges", "node", *path)
        or asks_path(top.selections, "nodes", *path)
        for top in _fields(selected_fields)
    )
