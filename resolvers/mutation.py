"""The one place mutations turn work into a transaction and failures into UserErrors.

A mutation resolver decodes its input, then hands ``atomically`` a function that
does the work on a session. The work raises ``Rejected`` for an expected refusal;
``atomically`` rolls everything back and returns the errors, so a refused
mutation never leaves half its writes behind. Stale versions and database
constraint violations become ``CONFLICT`` / typed errors the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError
from strawberry import relay

from db.base import Base
from db.queries import idempotency
from schema.errors import ErrorCode, UserError, user_error
from schema.permissions import require_viewer
from schema.ids import NO_ROW, node_key, split_global_id

T = TypeVar("T")
M = TypeVar("M", bound=Base)


class Rejected(Exception):
    """An expected refusal: the transaction is rolled back and these errors returned.

    ``keep_changes`` refuses yet commits what was done so far: for a refusal that
    itself records a fact (an offer found expired while accepting it).
    """

    keep_changes = False

    def __init__(self, *errors: UserError) -> None:
        super().__init__(*(e.message for e in errors))
        self.errors = list(errors)


def reject(code: ErrorCode, message: str, field: Sequence[str] | None = None) -> Rejected:
    return Rejected(user_error(code, message, field))


@dataclass(slots=True)
class Outcome(Generic[T]):
    value: T | None = None
    errors: list[UserError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class IdempotentCreate:
    """A create that a retry with the same key must not repeat."""

    operation: str
    key: str | None
    request: Mapping[str, Any]
    model: type[Base]

    def request_hash(self) -> str:
        canonical = json.dumps(self.request, sort_keys=True, default=str, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


def decode_id(
    global_id: relay.GlobalID | str, expected: str, field: Sequence[str] = ("input", "id")
) -> int:
    """The database id inside a global ID of type ``expected``, or a NOT_FOUND refusal."""
    if isinstance(global_id, relay.GlobalID):
        parts: tuple[str, str] | None = (global_id.type_name, global_id.node_id)
    else:
        parts = split_global_id(global_id)
    key = node_key(parts[1]) if parts is not None and parts[0] == expected else NO_ROW
    if key == NO_ROW:
        raise reject(ErrorCode.NOT_FOUND, f"No {expected} with this id.", field)
    return key


def check_version(row: Any, version: int, field: Sequence[str] = ("input", "version")) -> None:
    if row.version != version:
        raise reject(
            ErrorCode.CONFLICT,
            f"This record changed since you read it (you sent version {version}, it is now "
            f"{row.version}). Reload and apply your change again.",
            field,
        )


async def atomically(
    info: strawberry.Info,
    work: Callable[[AsyncSession], Awaitable[T]],
    *,
    constraint_errors: Mapping[str, UserError] | None = None,
    idempotent: IdempotentCreate | None = None,
) -> Outcome[T]:
    """Run ``work`` in one transaction; return its value or the errors that refused it."""
    ctx = info.context
    try:
        async with ctx.db.transaction() as session:
            if idempotent is not None and idempotent.key:
                prior = await _claim(session, require_viewer(info).user_id, idempotent)
                if prior is not None:
                    return Outcome(value=prior)
            try:
                value = await work(session)
            except Rejected as refused:
                if not refused.keep_changes:
                    raise
                return Outcome(errors=refused.errors)  # leaves the block normally: commits
            if idempotent is not None and idempotent.key:
                await idempotency.store_result(
                    session,
                    user_id=require_viewer(info).user_id,
                    operation=idempotent.operation,
                    key=idempotent.key,
                    result={"id": value.id},  # type: ignore[attr-defined]
                )
            return Outcome(value=value)
    except Rejected as refused:
        return Outcome(errors=refused.errors)
    except StaleDataError:
        return Outcome(
            errors=[
                user_error(
                    ErrorCode.CONFLICT,
                    "Someone else saved this record at the same moment. Reload and try again.",
                    ["input", "version"],
                )
            ]
        )
    except DataError as exc:
        # A value the column cannot hold (e.g. an amount beyond NUMERIC(18,6)): the client's input.
        return Outcome(errors=[user_error(ErrorCode.INVALID, f"A value is out of range: {exc.orig}", ["input"])])
    except IntegrityError as exc:
        known = (constraint_errors or {}).get(violated_constraint(exc) or "")
        if known is None:
            raise
        return Outcome(errors=[known])


def violated_constraint(exc: IntegrityError) -> str | None:
    """The constraint's name, from the driver error behind SQLAlchemy's wrapper."""
    for error in (exc.orig, getattr(exc.orig, "__cause__", None)):
        name = getattr(error, "constraint_name", None)
        if name:
            return str(name)
    return None


async def _claim(session: AsyncSession, user_id: int, create: IdempotentCreate) -> Any:
    request_hash = create.request_hash()
    prior = await idempotency.claim(
        session,
        user_id=user_id,
        operation=create.operation,
        key=create.key or "",
        request_hash=request_hash,
    )
    if prior is None:
        return None
    if prior.request_hash != request_hash:
        raise reject(
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            "This idempotency key was already used for a different request.",
            ["input", "idempotencyKey"],
        )
    return await session.get(create.model, prior.result["id"])
