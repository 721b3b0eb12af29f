"""What the client selected below a field: a resolver skips work for parts nobody asked for."""

from __future__ import annotations

from collections.abc import Sequence
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
