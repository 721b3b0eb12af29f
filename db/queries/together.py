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

from sqlalchemy import Select, false, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapper, aliased

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


class _OneStatement:
    """The compiled cache of one statement (its ``compiled_cache`` execution option): its
    compiled forms by dialect and compile options, without the statement's cache key. The
    engine's cache hashes that key on every execution, and the key of a statement of ten
    stacked parts is a tuple nested thousands of items deep: hashing it cost more than the
    rest of the execution. The key's other members (dialect, parameter names, flags) still
    choose the compiled form; the statement is always the same one."""

    def __init__(self) -> None:
        self._compiled: dict[tuple[Any, ...], Any] = {}

    def get(self, key: tuple[Any, ...]) -> Any:
        return self._compiled.get((key[0], *key[2:]))

    def __setitem__(self, key: tuple[Any, ...], compiled: Any) -> None:
        self._compiled[(key[0], *key[2:])] = compiled


@dataclass(frozen=True, slots=True)
class Stacked:
    """Selects stacked into one statement (``stack``), to run with ``fetch``: built once
    with ``bindparam`` placeholders, then reused, it costs no statement building per
    request (the cost that dominated small reads) and hits its compiled cache."""

    statement: Select[Any]
    widths: tuple[int, ...]
    compiled: _OneStatement | None = None
    """The statement's own compiled cache (``_OneStatement``), for a statement built once and
    run on every request; None for one built per call (the engine's cache then)."""


def stack(*parts: Select[Any], fresh: bool = False) -> Stacked:
    """``parts`` as one statement, to build once and reuse (its compiled cache is its own:
    see ``_OneStatement``). ``fresh``: objects the session already holds are overwritten
    with what was read."""
    stmt, widths = _stacked(parts)
    if fresh:
        stmt = stmt.execution_options(populate_existing=True)
    return Stacked(stmt, widths, _OneStatement())


def _stacked(parts: Sequence[Select[Any]]) -> tuple[Select[Any], tuple[int, ...]]:
    """``parts`` as one statement (each part's rows on rows of their own, numbered, ordered
    part by part) and how many items each part selects."""
    built = [_part(index, part) for index, part in enumerate(parts)]
    numbers = [subquery.c[_NUMBER] for subquery, _ in built]
    stmt = select(*(pick for _, picks in built for pick in picks), *numbers)
    first, *rest = (subquery for subquery, _ in built)
    joined: Any = first
    for subquery in rest:
        joined = joined.join(subquery, false(), full=True)
    return stmt.select_from(joined).order_by(*numbers), tuple(len(picks) for _, picks in built)


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
    options = {} if stacked.compiled is None else {"compiled_cache": stacked.compiled}
    result = await session.execute(stacked.statement, params, execution_options=options)
    for row in result.all():
        marks = row[total:]
        offset = 0
        for index, width in enumerate(widths):
            if marks[index] is not None:
                results[index].append(tuple(row[offset : offset + width]))
            offset += width
    return results


@dataclass(frozen=True, slots=True)
class _Pick:
    """What one selected item of a part becomes: an entity (its mapper and the attribute key
    of each of its ``width`` columns) or, with no mapper, a plain column value."""

    mapper: Mapper[Any] | None
    keys: tuple[str, ...]
    width: int
    primary_key: tuple[int, ...] = ()
    """The positions of the primary key's columns among the entity's."""


@dataclass(frozen=True, slots=True)
class Detached:
    """Selects stacked into one statement (``stack_detached``) read through Core, to run with
    ``fetch_detached``: an entity comes back as an instance of its class built from its
    columns, not through the ORM's loading, and joins no session."""

    statement: Select[Any]
    picks: tuple[tuple[_Pick, ...], ...]
    compiled: _OneStatement
    """The statement's compiled cache (``_OneStatement``), passed with each execution: SQLAlchemy
    takes ``compiled_cache`` from a connection or an execution, not from a statement."""


def _columns_of(part: Select[Any]) -> tuple[Select[Any], tuple[_Pick, ...]]:
    """``part`` selecting the mapped columns of each of its entities (in the mapper's order)
    instead of the entities, and how to rebuild them."""
    columns: list[Any] = []
    picks: list[_Pick] = []
    for described in part.column_descriptions:
        entity = described.get("entity")
        if entity is not None and described.get("expr") is entity:
            mapper = inspect(entity)
            props = list(mapper.column_attrs)
            if any(len(prop.columns) != 1 for prop in props):
                raise TypeError(f"{mapper}: a property of several columns")
            own = [prop.columns[0] for prop in props]
            key = tuple(own.index(column) for column in mapper.primary_key)
            columns += own
            picks.append(_Pick(mapper, tuple(prop.key for prop in props), len(own), key))
        else:
            columns.append(described["expr"])
            picks.append(_Pick(None, (), 1))
    return part.with_only_columns(*columns), tuple(picks)


def stack_detached(*parts: Select[Any]) -> Detached:
    """``parts`` as one statement, as ``stack`` builds it, each entity selected as its
    columns (``fetch_detached``)."""
    flattened = [_columns_of(part) for part in parts]
    stmt, _ = _stacked([part for part, _ in flattened])
    return Detached(stmt, tuple(picks for _, picks in flattened), _OneStatement())


def _entity(pick: _Pick, values: Sequence[Any]) -> Any:
    """The instance the columns ``values`` hold (None for an outer join's missing row: a null
    primary key), transient: its attributes set as loaded, in no session."""
    assert pick.mapper is not None
    if all(values[position] is None for position in pick.primary_key):
        return None
    instance = pick.mapper.class_manager.new_instance()
    instance.__dict__.update(zip(pick.keys, values, strict=True))
    return instance


async def fetch_detached(
    session: AsyncSession, stacked: Detached, **params: Any
) -> list[list[tuple[Any, ...]]]:
    """``fetch``'s answer for a ``stack_detached`` statement, read through Core on the
    session's connection: every event of a statement still fires (counting, tracing) and
    errors are SQLAlchemy's, but there is no identity map and no ORM row processor built per
    execution (for ``priceQuote``'s sixteen entities, the ORM's loading took twice the CPU of
    the same statement read through Core). The entities are transient instances of their
    classes with their columns loaded (no relationship, no expiry, no later flush): for reads
    whose rows only feed a computation, and that no later read of the request looks up in
    the session.
    """
    connection = await session.connection()
    results: list[list[tuple[Any, ...]]] = [[] for _ in stacked.picks]
    widths = [sum(pick.width for pick in picks) for picks in stacked.picks]
    total = sum(widths)
    options = {"compiled_cache": stacked.compiled}
    result = await connection.execute(stacked.statement, params, execution_options=options)
    for row in result.all():
        marks = row[total:]
        offset = 0
        for index, picks in enumerate(stacked.picks):
            if marks[index] is not None:
                values: list[Any] = []
                at = offset
                for pick in picks:
                    columns = row[at : at + pick.width]
                    values.append(columns[0] if pick.mapper is None else _entity(pick, columns))
                    at += pick.width
                results[index].append(tuple(values))
            offset += widths[index]
    return results


async def together(
    session: AsyncSession, *parts: Select[Any], fresh: bool = False
) -> list[list[tuple[Any, ...]]]:
    """``fetch`` of ``stack(*parts)``: for statements built per call (through the engine's
    compiled cache, which finds an equal statement built before by its cache key)."""
    stmt, widths = _stacked(parts)
    if fresh:
        stmt = stmt.execution_options(populate_existing=True)
    return await fetch(session, Stacked(stmt, widths))


def only(rows: Sequence[tuple[Any, ...]]) -> list[Any]:
    """A single-entity part's rows as the entities themselves."""
    return [row[0] for row in rows]
