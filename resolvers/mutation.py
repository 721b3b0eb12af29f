"""The one place a mutation runs a use case in a transaction and maps refusals to UserErrors.

A mutation resolver decodes its input, then hands ``atomically`` a function that does
the work on a session, usually one call of a ``services`` use case. The work raises
``services.refusal.Refused`` for an expected refusal; ``services.transaction`` rolls
everything back and returns the refusals, which become the payload's ``userErrors``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.actor import Actor
from db.base import Base
from schema.errors import ErrorCode, UserError, user_error
from schema.ids import NO_ROW, node_key, split_global_id
from schema.permissions import require_viewer
from services import transaction
from services.refusal import Code, Refusal, Refused, refuse
from services.rows import check_version
from services.transaction import Work

T = TypeVar("T")
C = TypeVar("C")
P = TypeVar("P")

UseCase = Callable[[AsyncSession, Actor, datetime], Awaitable[T]]
"""A use case waiting for its unit of work, actor and clock: ``lambda session, actor, now:
products.retire_product(session, actor, now, decode_id(input.id, "Product"), input.version)``."""

__all__ = ["Refused", "check_version"]


class Rejected(Refused):
    """A refusal raised from resolver code with the API's ``UserError``s (the older spelling).

    It is a ``Refused``, so ``services.transaction`` rolls back the same way; ``except
    Refused`` catches both. New code raises ``services.refusal.refuse`` instead.
    """

    def __init__(self, *errors: UserError | Refusal) -> None:
        super().__init__(*(as_refusal(e) for e in errors))

    @property
    def errors(self) -> list[UserError]:
        return [as_user_error(r) for r in self.refusals]


def reject(code: ErrorCode | Code, message: str, field: Sequence[str] | None = None) -> Rejected:
    return Rejected(Refusal(Code(code.value), message, tuple(field or ())))


def as_user_error(refusal: Refusal) -> UserError:
    """The API's spelling of a use case's refusal (``ErrorCode`` mirrors ``Code``)."""
    return user_error(ErrorCode(refusal.code.value), refusal.message, refusal.field or None)


def as_refusal(error: UserError | Refusal) -> Refusal:
    if isinstance(error, Refusal):
        return error
    return Refusal(Code(error.code.value), error.message, tuple(error.field or ()))


@dataclass(slots=True)
class Outcome(Generic[T]):
    value: T | None = None
    errors: list[UserError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class IdempotentCreate:
    """A create that a retry with the same key (by the same viewer) must not repeat."""

    operation: str
    key: str | None
    request: Mapping[str, Any]
    model: type[Base]


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
        raise refuse(Code.NOT_FOUND, f"No {expected} with this id.", field)
    return key


async def atomically(
    info: strawberry.Info,
    work: Work[T],
    *,
    constraint_errors: Mapping[str, UserError | Refusal] | None = None,
    idempotent: IdempotentCreate | None = None,
) -> Outcome[T]:
    """Run ``work`` in the request's one transaction; its value or the errors that refused it."""
    outcome = await transaction.in_transaction(
        info.context.db.transaction,
        work,
        constraint_refusals={name: as_refusal(e) for name, e in (constraint_errors or {}).items()},
        idempotent=None
        if idempotent is None
        else transaction.IdempotentCreate(
            operation=idempotent.operation,
            key=idempotent.key,
            request=idempotent.request,
            model=idempotent.model,
            user_id=require_viewer(info).user_id,
        ),
    )
    return Outcome(value=outcome.value, errors=[as_user_error(r) for r in outcome.refusals])


def payload_of(
    payload: Callable[..., T], outcome: Outcome[Any], name: str, to_type: Callable[[Any], Any]
) -> T:
    """The mutation's payload: ``name`` holds ``to_type(value)``, or null beside the errors."""
    value = None if outcome.value is None else to_type(outcome.value)
    return payload(**{name: value}, user_errors=outcome.errors)


async def perform(
    info: strawberry.Info,
    use_case: UseCase[T],
    *,
    constraint_errors: Mapping[str, UserError | Refusal] | None = None,
    idempotent: IdempotentCreate | None = None,
) -> Outcome[T]:
    """Run ``use_case`` as the signed-in viewer, now, in the request's one transaction.

    Ids decoded inside ``use_case`` (its arguments are evaluated in the transaction) refuse
    like the use case itself: a malformed id is a ``NOT_FOUND`` userError.
    """
    actor = require_viewer(info)
    now = datetime.now(UTC)
    return await atomically(
        info,
        lambda session: use_case(session, actor, now),
        constraint_errors=constraint_errors,
        idempotent=idempotent,
    )


async def mutate(
    info: strawberry.Info,
    payload: Callable[..., P],
    name: str,
    to_type: Callable[[Any], Any],
    use_case: UseCase[Any],
    *,
    constraint_errors: Mapping[str, UserError | Refusal] | None = None,
    idempotent: IdempotentCreate | None = None,
) -> P:
    """The whole mutation: ``perform`` the use case, then its ``payload_of``."""
    outcome = await perform(info, use_case, constraint_errors=constraint_errors, idempotent=idempotent)
    return payload_of(payload, outcome, name, to_type)


def create_once(operation: str, input: Any, model: type[Base]) -> IdempotentCreate:
    """The create ``input`` asks for, made once per ``input.idempotency_key``: a retry with the
    key and the same input gets the first ``model`` row back (the key is not part of the input
    a retry must repeat)."""
    return IdempotentCreate(
        operation=operation,
        key=input.idempotency_key,
        request={**strawberry.asdict(input), "idempotency_key": None},
        model=model,
    )


def command(cls: type[C], source: object, **given: Any) -> C:
    """The use case's command dataclass ``cls`` from the input's fields of the same names;
    ``given`` (decoded ids, nested commands) replaces or adds fields."""
    names = [f.name for f in dataclasses.fields(cls) if f.name not in given and hasattr(source, f.name)]  # type: ignore[arg-type]
    return cls(**{name: getattr(source, name) for name in names}, **given)
