"""What the commissions mutations do after their use case beyond ``resolvers.mutation``'s
skeleton: forget the request's cached rows they changed."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any


def forget(loaders: Iterable[Any], key: Any) -> None:
    """Drop ``key`` from these loaders' caches (the mutation changed it)."""
    for loader in loaders:
        with contextlib.suppress(KeyError):  # strawberry raises for a key it never cached
            loader.clear(key)
