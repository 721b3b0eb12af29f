"""The shapes every loader here takes: one row by id, the rows grouped by a key, or a
query of ``db.queries`` that answers a batch of keys on its own (``answered``, ``found``).

Each batch is one ``IN`` query, answered in key order with ``None`` or ``[]``
for a miss, so a list of N items costs the same round trips as one item.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from strawberry.dataloader import DataLoader

from db.base import Base
from db.queries import batches
from db.session import RequestDatabase

M = TypeVar("M", bound=Base)
K = TypeVar("K")
V = TypeVar("V")


def by_id(db: RequestDatabase, model: type[M]) -> DataLoader[int, M | None]:
    async def load(ids: Sequence[int]) -> list[M | None]:
        async with db.read() as session:
            rows = await batches.rows_with_ids(session, model, ids)
        found = {row.id: row for row in rows}  # type: ignore[attr-defined]
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def grouped_by(
    db: RequestDatabase,
    model: type[M],
    key: InstrumentedAttribute[Any],
    *order_by: InstrumentedAttribute[Any],
    active_only: bool = False,
) -> DataLoader[int, list[M]]:
    async def load(keys: Sequence[int]) -> list[list[M]]:
        async with db.read() as session:
            rows = await batches.rows_with_keys(
                session, model, key, keys, order_by, active_only=active_only
            )
        groups: dict[int, list[M]] = defaultdict(list)
        for row in rows:
            groups[getattr(row, key.key)].append(row)
        return [groups.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


def from_tables(
    db: RequestDatabase,
    rows_by_id: Sequence[tuple[str, type[Base]]],
    rows_grouped: Sequence[tuple[Any, ...]],
) -> dict[str, DataLoader[int, Any]]:
    """Loaders by field name: ``rows_by_id`` lists (field, model), ``rows_grouped`` lists
    (field, key column, then the columns to order each group by)."""
    loaders: dict[str, DataLoader[int, Any]] = {
        name: by_id(db, model) for name, model in rows_by_id
    }
    for name, key, *order in rows_grouped:
        loaders[name] = grouped_by(db, key.class_, key, *order)
    return loaders


def answered(
    db: RequestDatabase, query: Callable[[AsyncSession, Sequence[K]], Awaitable[list[V]]]
) -> DataLoader[K, V]:
    """The loader of a query that answers each key in order itself (a page per key)."""

    async def load(keys: Sequence[K]) -> list[V]:
        async with db.read() as session:
            return await query(session, keys)

    return DataLoader(load_fn=load)


def found(
    db: RequestDatabase,
    query: Callable[[AsyncSession, Sequence[K]], Awaitable[Mapping[K, V]]],
    missing: V,
) -> DataLoader[K, V]:
    """The loader of a query that maps the keys it found to their values: a key it did not
    find gets ``missing`` (``None``, a count's 0: one value shared by every miss, so never a
    list)."""

    async def load(keys: Sequence[K]) -> list[V]:
        async with db.read() as session:
            by_key = await query(session, keys)
        return [by_key.get(k, missing) for k in keys]

    return DataLoader(load_fn=load)
