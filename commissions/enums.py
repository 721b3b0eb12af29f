"""The base of the engine's enums: a member's value is its name, spelled once.

The codec stores members by name and the API shows names, so a value that
differed from its name would only be a second spelling to keep in step:
``WON = auto()`` is ``"WON"``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any


class NamedEnum(str, Enum):
    """A string enum whose ``auto()`` values are the member names."""

    @staticmethod
    def _generate_next_value_(name: str, start: int, count: int, last_values: list[Any]) -> str:
        return name
