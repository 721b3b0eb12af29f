"""The base of the engine's enums: a member's value is its name, spelled once.

The API shows names and the database stores them, so ``DAY = auto()`` is ``"DAY"``.
(The commissions engine has the same base; engines import nothing of each other.)
"""

from __future__ import annotations

from enum import Enum
from typing import Any


class NamedEnum(str, Enum):
    """A string enum whose ``auto()`` values are the member names."""

    @staticmethod
    def _generate_next_value_(name: str, start: int, count: int, last_values: list[Any]) -> str:
        return name
