"""The statements behind the dataloaders and the paged lists: rows by ids or grouped by a key
(one ``= ANY(array)`` query a batch), one keyset page of a select, and a select's row count.

A batch's keys go as one array parameter, not an expanded ``IN (...)`` list: the SQL text is
the same for any number of keys, so SQLAlchemy neither rewrites it per execution nor asyncpg
prepares (and PostgreSQL plans) a new statement for each batch size."""

from __future__ import annotations

import functools
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    Executable,
    Row,
    Select,
    any_,
    bindparam,
    func,
    literal,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from db.base import Base

M = TypeVar("M", bound=Base)
T = TypeVar("T")


async def rows_with_ids(session: AsyncSession, model: type[M], ids: Sequence[int]) -> Sequence[M]:
    return (await session.scalars(_by_ids(model), {_KEYS: list(ids)})).all()


_KEYS = "batch_keys"
"""The array parameter of the batch statements."""


def _any_of(column: Any) -> Any:
    """``= ANY(:batch_keys)``, the keys going as one array of ``column``'s type at execution."""
    return any_(bindparam(_KEYS, type_=ARRAY(column.type)))


@functools.cache
def _by_ids(model: type[Base]) -> Select[Any]:
    """The rows of ``model`` whose id is in the batch, built once per model: a loader's
    statement is neither rebuilt nor re-keyed for SQLAlchemy's compiled cache per batch."""
    id_column: Any = model.id  # type: ignore[attr-defined]
    return select(model).where(id_column == _any_of(id_column))


_GROUPED: dict[tuple[Any, ...], Select[Any]] = {}
"""The grouped batch statements built so far, by model, key, order and ``active_only``
(column names: SQLAlchemy attributes overload ``==``). The keys are the loaders' own, a
fixed set, so this stays small."""


def _by_keys(
    model: type[Base],
    key: InstrumentedAttribute[Any],
    order_by: Sequence[InstrumentedAttribute[Any]],
    active_only: bool,
) -> Select[Any]:
    name = (model, key.class_, key.key, tuple((c.class_, c.key) for c in order_by), active_only)
    stmt = _GROUPED.get(name)
    if stmt is None:
        stmt = select(model).where(key == _any_of(key)).order_by(*order_by)
        if active_only:
            stmt = stmt.where(model.active)  # type: ignore[attr-defined]
        _GROUPED[name] = stmt
    return stmt


def one_of(column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """``column IN (values)`` for a fixed list (statuses): one parameter per value in the
    SQL text, not SQLAlchemy's expanding list, which rewrites the text on every execution
    (measurable on a statement built once and run on every home screen)."""
    return column.in_([literal(value, type_=column.type) for value in values])  # type: ignore[no-any-return]


async def rows_with_keys(
    session: AsyncSession,
    model: type[M],
    key: InstrumentedAttribute[Any],
    keys: Sequence[int],
    order_by: Sequence[InstrumentedAttribute[Any]],
    *,
    active_only: bool = False,
) -> Sequence[M]:
    stmt = _by_keys(model, key, order_by, active_only)
    return (await session.scalars(stmt, {_KEYS: list(keys)})).all()


async def plain_rows(
    session: AsyncSession, stmt: Executable, params: dict[str, Any] | None = None
) -> Sequence[Row[Any]]:
    """The rows of a Core ``stmt`` (columns, no entities), run on the session's connection in
    its transaction: past the ORM's result processing, which costs more than the statement
    on the home screens' reads of hundreds of rows."""
    connection = await session.connection()
    return (await connection.execute(stmt, params)).all()


async def all_rows(session: AsyncSession, stmt: Select[tuple[M]]) -> list[M]:
    """Every row ``stmt`` selects, as a list."""
    return list((await session.scalars(stmt)).all())


async def rows_with(
    session: AsyncSession,
    key: InstrumentedAttribute[Any],
    value: object,
    order_by: InstrumentedAttribute[Any],
) -> list[Any]:
    """Every row (of ``key``'s model) whose ``key`` equals ``value``, in ``order_by`` order."""
    return await all_rows(session, select(key.class_).where(key == value).order_by(order_by))


async def grouped_rows(
    session: AsyncSession,
    key: InstrumentedAttribute[Any],
    keys: Iterable[int],
    *order_by: InstrumentedAttribute[Any],
) -> dict[int, list[Any]]:
    """The rows (of ``key``'s model) whose ``key`` is one of ``keys``, grouped by it, each
    group in ``order_by`` order; no statement at all for no keys."""
    grouped: dict[int, list[Any]] = defaultdict(list)
    wanted = list(set(keys))
    if wanted:
        for row in await rows_with_keys(session, key.class_, key, wanted, order_by):
            grouped[getattr(row, key.key)].append(row)
    return grouped


async def totals_by_key(
    session: AsyncSession,
    key: InstrumentedAttribute[int],
    total: ColumnElement[T],
    keys: Iterable[int],
) -> dict[int, T]:
    """``total`` (an aggregate: ``func.max(...)``, ``func.sum(...)``) over the rows of each of
    ``keys``, by key; a key without rows is absent, and no keys run no statement."""
    wanted = set(keys)
    if not wanted:
        return {}
    stmt = select(key, total).where(key.in_(wanted)).group_by(key)
    return {k: value for k, value in (await session.execute(stmt)).all()}


async def keyset_page(
    session: AsyncSession,
    stmt: Select[Any],
    keys: Sequence[InstrumentedAttribute[Any]],
    *,
    after: tuple[Any, ...] | None,
    before: tuple[Any, ...] | None,
    descending: bool,
    reverse_order: bool,
    limit: int,
) -> list[Any]:
    """Up to ``limit`` rows of ``stmt`` strictly after ``after`` / before ``before`` in the
    order of ``keys`` (reversed with ``reverse_order``): one indexed query, however deep."""
    if after is None and before is None:
        return await all_rows(session, _first_page(stmt, tuple(keys), reverse_order, limit))
    key_tuple = tuple_(*keys)
    page = stmt
    if after is not None:
        page = page.where(key_tuple < after if descending else key_tuple > after)
    if before is not None:
        page = page.where(key_tuple > before if descending else key_tuple < before)
    return await all_rows(session, _ordered(page, keys, reverse_order, limit))


def _ordered(
    stmt: Select[Any], keys: Sequence[InstrumentedAttribute[Any]], reverse_order: bool, limit: int
) -> Select[Any]:
    order = [k.desc() for k in keys] if reverse_order else [k.asc() for k in keys]
    return stmt.order_by(*order).limit(limit)


_derived: weakref.WeakKeyDictionary[Select[Any], dict[tuple[Any, ...], Any]] = (
    weakref.WeakKeyDictionary()
)
"""Statements built from a select (its first page, its count), kept as long as the select
itself lives (selects compare and hash by identity)."""


def _built(stmt: Select[Any], key: tuple[Any, ...], build: Any) -> Select[Any]:
    """``build()`` of ``stmt``, kept with ``stmt`` under ``key``: a list whose select is itself
    kept (``db.queries.approvals.inbox_as_text``) has its first page and count built, and keyed
    for SQLAlchemy's compiled cache, once; one built afresh per request goes with its select."""
    kept = _derived.get(stmt)
    if kept is None:
        kept = _derived[stmt] = {}
    found = kept.get(key)
    if found is None:
        found = kept[key] = build()
    return cast(Select[Any], found)


def _first_page(
    stmt: Select[Any],
    keys: tuple[InstrumentedAttribute[Any], ...],
    reverse_order: bool,
    limit: int,
) -> Select[Any]:
    # The keys are mapped attributes, which live as long as their classes: kept by identity.
    return _built(
        stmt,
        ("page", *map(id, keys), reverse_order, limit),
        lambda: _ordered(stmt, keys, reverse_order, limit),
    )


def _count_of(stmt: Select[Any]) -> Select[Any]:
    return _built(
        stmt,
        ("count",),
        lambda: select(func.count()).select_from(stmt.order_by(None).subquery()),
    )


async def row_count(session: AsyncSession, stmt: Select[Any]) -> int:
    return int((await session.execute(_count_of(stmt))).scalar_one())
