"""The steps every edit of a stored aggregate takes: find it (locked) or
refuse, check its version, and audit the change."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, Protocol, TypeVar

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.base import Base
from db.models.users import Role
from services.audit import image, record_change, record_new
from services.refusal import Code, Refused, refuse

M = TypeVar("M", bound=Base)
C = TypeVar("C")

Write = Callable[[AsyncSession, M, C], Awaitable[None]]
"""Checks a command and sets its fields on a row: one writer serves the create and the edit."""


class Versioned(Protocol):
    version: Any


class Owned(Protocol):
    """A row a user owns (a quote, an account): who may see or change it follows its owner."""

    @property
    def owner_id(self) -> int: ...


OwnedRow = TypeVar("OwnedRow", bound=Owned)


async def get_or_refuse(
    session: AsyncSession,
    model: type[M],
    key: int,
    *,
    name: str | None = None,
    lock: bool = False,
    field: Sequence[str] = ("input", "id"),
) -> M:
    """The row ``key`` of ``model`` (``FOR UPDATE`` with ``lock``), or a NOT_FOUND refusal.

    ``name`` is the noun the message uses, the API type's name (``PriceBook``) by default
    the model's class name.
    """
    row = await session.get(model, key, with_for_update=lock or None)
    if row is None:
        raise _not_found(model, name, field)
    return row


async def visible_or_refuse(
    session: AsyncSession,
    actor: Actor,
    model: type[OwnedRow],
    key: int,
    *,
    name: str | None = None,
    lock: bool = False,
    field: Sequence[str] = ("input", "id"),
) -> OwnedRow:
    """The row ``key`` of ``model`` (``FOR UPDATE`` with ``lock``) when ``actor`` may see its
    owner's records (``Actor.may_see_owner``); else the NOT_FOUND a missing row gets, so a
    foreign row looks missing."""
    row = await session.get(model, key, with_for_update=lock or None)
    if row is None or not actor.may_see_owner(row.owner_id):
        raise _not_found(model, name, field)
    return row


async def owned_or_refuse(
    session: AsyncSession,
    actor: Actor,
    model: type[OwnedRow],
    key: int,
    version: int | None = None,
    *,
    also: Role = Role.ADMIN,
    name: str | None = None,
    field: Sequence[str] = ("input", "id"),
) -> OwnedRow:
    """The row ``key`` locked for an edit by its owner or by a user with role ``also`` (an
    admin always), at the ``version`` the caller read when one is given (CONFLICT otherwise).
    Anyone else (a manager who only sees the row, too) gets the NOT_FOUND a missing row gets."""
    row = await session.get(model, key, with_for_update=True)
    if row is None or not (row.owner_id == actor.user_id or actor.has_any(also)):
        raise _not_found(model, name, field)
    if version is not None:
        check_version(row, version)  # type: ignore[arg-type]
    return row


def _not_found(model: type[object], name: str | None, field: Sequence[str]) -> Refused:
    """NOT_FOUND for a ``model`` row, ``name`` (by default the model's class name) in the
    message as the API names the type."""
    return refuse(Code.NOT_FOUND, f"No {name or model.__name__} with this id.", field)


def copy_given(row: Base, changes: object, fields: Iterable[str]) -> None:
    """Set each of ``fields`` that ``changes`` (an edit's ``...Changes``) gives on ``row`` as it
    is: the fields that need no check or conversion. A field left ``None`` keeps its value."""
    for field in fields:
        if (value := getattr(changes, field)) is not None:
            setattr(row, field, value)


async def edit_or_refuse(
    session: AsyncSession,
    model: type[M],
    key: int,
    version: int | None = None,
    *,
    name: str | None = None,
    field: Sequence[str] = ("input", "id"),
) -> M:
    """The row ``key`` locked for an edit (NOT_FOUND when missing), at the ``version`` the
    caller read when one is given (CONFLICT otherwise)."""
    row = await get_or_refuse(session, model, key, name=name, lock=True, field=field)
    if version is not None:
        check_version(row, version)  # type: ignore[arg-type]
    return row


@asynccontextmanager
async def audited_edit(
    session: AsyncSession,
    actor: Actor | None,
    action: str,
    model: type[M],
    key: int,
    version: int | None = None,
    *,
    name: str | None = None,
) -> AsyncIterator[M]:
    """Lock → version check → apply → audit, the apply step being the ``async with`` block:
    ``async with audited_edit(session, actor, "updatePriceBook", PriceBook, id, version) as
    book: book.name = ...``. The change is recorded as ``action`` (before and after images)
    when the block ends normally; a refusal inside it records nothing."""
    row = await edit_or_refuse(session, model, key, version, name=name)
    before = image(row)
    yield row
    await record_change(session, actor, action, row, before)


async def create_written(
    session: AsyncSession,
    actor: Actor | None,
    action: str,
    model: type[M],
    write: Write[M, C],
    command: C,
) -> M:
    """A new ``model`` row that ``write`` fills from ``command``, added and audited as
    ``action``: the create of an aggregate whose edit runs the same writer."""
    row = model()
    await write(session, row, command)
    return await record_new(session, actor, action, row)


def new_row(model: type[M], source: object, **values: Any) -> M:
    """A new ``model`` row: ``source``'s fields named like its columns (a use case's command),
    with ``values`` (the checked or derived ones) in their place or beside them."""
    columns = (c.key for c in inspect(model).column_attrs if c.key not in values)
    copied = {key: getattr(source, key) for key in columns if hasattr(source, key)}
    return model(**copied, **values)


async def record_new_with_parts(
    session: AsyncSession,
    actor: Actor | None,
    action: str,
    root: M,
    key: str,
    parts: Mapping[str, Sequence[Base]],
) -> M:
    """Add ``root``, then (once it has its id) its child rows, their ``key`` column pointing
    at it, and append ``action`` creating the aggregate, the children by name in its image
    (``{"tiers": [...]}``)."""
    session.add(root)
    await session.flush()
    for rows in parts.values():
        for row in rows:
            setattr(row, key, root.id)  # type: ignore[attr-defined]
        session.add_all(rows)
    await record_change(session, actor, action, root, parts=parts)
    return root


def check_version(
    row: Versioned, version: int, field: Sequence[str] = ("input", "version")
) -> None:
    """Refuse with CONFLICT unless the caller edits the version they read."""
    if row.version != version:
        raise refuse(
            Code.CONFLICT,
            f"This record changed since you read it (you sent version {version}, it is now "
            f"{row.version}). Reload and apply your change again.",
            field,
        )
