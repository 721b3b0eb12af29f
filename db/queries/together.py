"""Several independent selects sent as one statement: one round trip instead of one each.

A request that needs rows of five unrelated tables (a price book, its contracts, the
promotions ...) pays five round trips and five statement executions when it asks for them
one by one. ``together`` sends them as one: each select becomes a numbered subquery, and
the subqueries are stacked with ``FULL JOIN ... ON false``, so every result row carries the
row of exactly one part and NULLs for the others (the rows add up; they never multiply).
ORM entities come back as ORM objects (an all-NULL entity is ``None``), columns as values.
Each part keeps its own ``ORDER BY`` (a row number inside the part orders the whole).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, false, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

_NUMBER = "together_row"


def _part(index: int, part: Select[Any]) -> tuple[Any, list[Any]]:
    """The part as a numbered subquery, and what to select from it in place of its columns."""
    order = list(part._order_by_clauses)
    numbered = part.order_by(None).add_columns(
        func.row_number().over(order_by=order or None).label(_NUMBER)
    )
    subquery = numbered.subquery(f"part_{index}")
    picks: list[Any] = []
    columns = list(subquery.c)
    for position, described in enumerate(part.column_descriptions):
        entity = described.get("entity")
        if entity is not None and described.get("expr") is entity:
            picks.append(aliased(entity, subquery))
        else:
            picks.append(columns[position])
    return subquery, picks


@dataclass(frozen=True, slots=True)
class Stacked:
    """Selects stacked into one statement (``stack``), to run with ``fetch``: built once
    with ``bindparam`` placeholders, then reused, it costs no statement building per
    request (the cost that dominated small reads) and hits SQLAlchemy's compiled cache."""

    statement: Select[Any]
    widths: tuple[int, ...]


def stack(*parts: Select[Any], fresh: bool = False) -> Stacked:
    """``parts`` as one statement. ``fresh``: objects the session already holds are
    overwritten with what was read."""
    built = [_part(index, part) for index, part in enumerate(parts)]
    numbers = [subquery.c[_NUMBER] for subquery, _ in built]
    stmt = select(*(pick for _, picks in built for pick in picks), *numbers)
    first, *rest = (subquery for subquery, _ in built)
    joined: Any = first
    for subquery in rest:
        joined = joined.join(subquery, false(), full=True)
    stmt = stmt.select_from(joined).order_by(*numbers)
    if fresh:
        stmt = stmt.execution_options(populate_existing=True)
    return Stacked(stmt, tuple(len(picks) for _, picks in built))


async def fetch(
    session: AsyncSession, stacked: Stacked, **params: Any
) -> list[list[tuple[Any, ...]]]:
    """The rows of each stacked select, in its order, with ``params`` for its placeholders.

    A part's row is a tuple of what it selects (ORM entities or column values). Parts
    that select several entities joined (a parent and its children) work as they do alone.
    """
    widths = stacked.widths
    results: list[list[tuple[Any, ...]]] = [[] for _ in widths]
    total = sum(widths)
    for row in (await session.execute(stacked.statement, params)).all():
        marks = row[total:]
        offset = 0
        for index, width in enumerate(widths):
            if marks[index] is not None:
                results[index].append(tuple(row[offset : offset + width]))
            offset += width
    return results


async def together(
    session: AsyncSession, *parts: Select[Any], fresh: bool = False
) -> list[list[tuple[Any, ...]]]:
    """``fetch`` of ``stack(*parts)``: for statements built per call."""
    return await fetch(session, stack(*parts, fresh=fresh))


def only(rows: Sequence[tuple[Any, ...]]) -> list[Any]:
    """A single-entity part's rows as the entities themselves."""
    return [row[0] for row in rows]
