"""Counting SQL statements per request: the number that shows an N+1 at a glance.

An engine event bumps a counter held in a context variable; the request
middleware opens a fresh counter per request and logs it.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

_count: ContextVar[list[int] | None] = ContextVar("sql_statement_count", default=None)


def start_counting() -> list[int]:
    counter = [0]
    _count.set(counter)
    return counter


def current_count() -> int:
    """Statements counted so far in this request (0 outside one)."""
    counter = _count.get()
    return counter[0] if counter is not None else 0


def _bump(*_: Any) -> None:
    counter = _count.get()
    if counter is not None:
        counter[0] += 1


def count_statements(engine: AsyncEngine) -> None:
    event.listen(engine.sync_engine, "before_cursor_execute", _bump)
