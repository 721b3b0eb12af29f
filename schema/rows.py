"""Strawberry objects built from ORM rows or engine values: an attribute reaches the
field of the same name, and a related row comes through the request's loader."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from operator import attrgetter
from typing import Any, Self, TypeVar, cast

import strawberry

T = TypeVar("T")


def loader(info: strawberry.Info, name: str) -> Any:
    """The request's loader ``name``; a dotted name reaches a domain's group
    (``"commissions.credit_by_id"``)."""
    return attrgetter(name)(info.context.loaders)


def from_attrs(cls: type[T], source: object, /, **values: Any) -> T:
    """An instance of the strawberry type ``cls``: each field given in ``values``
    takes that value, every other one the attribute of the same name of ``source``
    (an ORM row, an engine value).

    A field ``source`` lacks must be given, or this raises ``AttributeError``: a
    renamed or computed field is always spelled out at the call."""
    names, read = _reader(cls, tuple(values))
    if names:
        loaded_values = _loaded_values(source, names)
        values.update(
            zip(names, read(source) if loaded_values is None else loaded_values, strict=True)
        )
    return cls(**values)


def _loaded_values(source: object, names: tuple[str, ...]) -> list[Any] | None:
    """The values of ``names`` an ORM row holds already loaded (in its ``__dict__``, where
    SQLAlchemy's attributes read them from), without a Python-level attribute read each: an
    inbox page reads some 1,000 of them. None when the source is not an ORM row or one of
    them is not loaded there (unloaded, expired, a property): then they are read as usual."""
    if not hasattr(type(source), "_sa_class_manager"):
        return None
    held = source.__dict__
    try:
        return [held[name] for name in names]
    except KeyError:
        return None


def _reader(cls: type, given: tuple[str, ...]) -> tuple[tuple[str, ...], Callable[[Any], Any]]:
    """The fields of ``cls`` a call giving ``given`` reads off its source, and one reader of
    all of them (a C ``attrgetter`` answering a tuple): an inbox page builds hundreds of
    objects, and a Python loop of ``getattr`` was most of their cost. Kept per class and
    call shape, which the code fixes (a handful per type)."""
    key = (cls, given)
    found = _READERS.get(key)
    if found is None:
        names = tuple(name for name in _init_fields(cls) if name not in given)
        if len(names) == 1:
            one = attrgetter(names[0])
            found = (names, lambda source: (one(source),))
        else:
            found = (names, attrgetter(*names) if names else lambda source: ())
        _READERS[key] = found
    return found


_READERS: dict[tuple[type, tuple[str, ...]], tuple[tuple[str, ...], Callable[[Any], Any]]] = {}


@functools.cache
def _init_fields(cls: type) -> tuple[str, ...]:
    """The names ``cls``'s ``__init__`` takes, asked once per class (an inbox page builds
    hundreds of objects, and ``dataclasses.fields`` builds a tuple every time)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


class FromRow:
    """A strawberry type whose every field is the row's attribute of the same name:
    ``from_row`` is ``from_attrs`` of the row (a type with renamed or computed fields
    spells its own ``from_row`` out)."""

    @classmethod
    def from_row(cls, row: Any) -> Self:
        return from_attrs(cls, row)


async def row_object(
    info: strawberry.Info, loader_name: str, key: int | None, cls: type[T]
) -> T | None:
    """``cls.from_row`` of the row the request's loader ``loader_name`` finds for
    ``key``; ``None`` when there is no key or no row."""
    if key is None:
        return None
    row = await loader(info, loader_name).load(key)
    return None if row is None else cast(T, cls.from_row(row))  # type: ignore[attr-defined]


def related(loader_name: str, key: str, cls: type[Any], *, description: str | None = None) -> Any:
    """A field resolving to ``row_object`` of the object's attribute ``key`` (a private id;
    dotted reaches further, ``"row.quote_id"``): the related ``cls``, or null. Declared in
    the class body::

        author = related("user_by_id", "author_id", User)

    A type that names itself (a user's manager) keeps a resolver method: the class does
    not exist yet while its own body runs."""
    key_of = attrgetter(key)

    async def resolve(root: Any, info: strawberry.Info) -> Any:
        return await row_object(info, loader_name, key_of(root), cls)

    return strawberry.field(resolver=resolve, graphql_type=cls | None, description=description)


def required(loader_name: str, key: str, cls: type[Any], *, description: str) -> Any:
    """The non-null ``related``: a field resolving to the ``cls`` row whose id is the object's
    attribute ``key``, through the request's loader ``loader_name``, for a link the database
    guarantees (a required foreign key) read through a loader that hides nothing. A missing
    row is a fault (logged), never a silent null. Declared in the class body::

        period = required("commissions.period_by_id", "period_id", CommissionPeriod, ...)
    """
    key_of = attrgetter(key)

    async def fetched(root: Any, info: strawberry.Info) -> Any:
        found = await row_object(info, loader_name, key_of(root), cls)
        if found is None:
            raise LookupError(f"{cls.__name__} {key_of(root)} is missing for a required link")
        return found

    def resolve(root: Any, info: strawberry.Info) -> Any:
        # Synchronous when a list loaded the row ahead; awaited through the loader otherwise.
        row = loaded(loader(info, loader_name), key_of(root))
        if row is NOT_LOADED or row is None:
            return fetched(root, info)
        return cls.from_row(row)

    return strawberry.field(resolver=resolve, graphql_type=cls, description=description)


async def row_objects(info: strawberry.Info, loader_name: str, key: int, cls: type[T]) -> list[T]:
    """``cls.from_row`` of each row the request's loader ``loader_name``
    finds for ``key``, in order."""
    rows = await loader(info, loader_name).load(key)
    return [cast(T, cls.from_row(row)) for row in rows]  # type: ignore[attr-defined]


NOT_LOADED: Any = object()
"""What ``loaded`` answers for a key its loader has not finished loading."""


def loaded(dataloader: Any, key: Any) -> Any:
    """The value ``dataloader`` already holds for ``key`` (``None`` for a missing row), or
    ``NOT_LOADED`` while it is unasked, pending or failed: a field whose data a list loaded
    ahead (``resolvers.pagination.Selection.prefetch``) answers synchronously, which spares
    graphql-core a coroutine, a future and an event-loop turn per field of every item."""
    future = dataloader.cache_map.get(key) if dataloader.cache else None
    if future is None or not future.done():
        return NOT_LOADED
    try:  # one call where the value is there, not three (a page asks some 400 times)
        return future.result()
    except BaseException:  # cancelled or failed: the loader is awaited, and says why
        return NOT_LOADED


def from_row_now(info: strawberry.Info, loader_name: str, key: int | None, cls: type[T]) -> Any:
    """``row_object``'s answer, synchronously when the loader already holds the row, else
    the awaitable ``row_object`` (graphql-core awaits what a resolver returns)."""
    if key is None:
        return None
    loaders = info.context.loaders
    row = loaded(attrgetter(loader_name)(loaders), key)
    if row is NOT_LOADED:
        return row_object(info, loader_name, key, cls)
    if row is None:
        return None
    # One object per row and type for the request: a page's quotes name the same few owners
    # and accounts. The objects are only read once built, so the items may share them.
    shared = loaders.derived
    kept = shared.get((cls, id(row)))
    if kept is not None and kept[0] is row:
        return kept[1]
    value = cls.from_row(row)  # type: ignore[attr-defined]
    shared[cls, id(row)] = (row, value)
    return value
