"""The statement behind a browse list whose optional filters each name a column's value."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select


def matching(model: Any, **equal: object | None) -> Select[Any]:
    """Rows of ``model`` whose named columns equal the given values; a ``None`` value does not
    filter."""
    return select(model).filter_by(
        **{name: value for name, value in equal.items() if value is not None}
    )
