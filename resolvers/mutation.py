"""The one place a mutation runs a use case in a transaction and maps refusals to UserErrors.

A mutation resolver decodes its input, then hands ``atomically`` a function that does
the work on a session, usually one call of a ``services`` use case. The work raises
``services.refusal.Refused`` for an expected refusal; ``services.transaction`` rolls
everything back and returns the refusals, which become the payload's ``userErrors``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

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


# The mutation skeleton: ``return await mutate(info, Payload, service.use_case, *arguments)``.
# Arguments may hold ``Key``s and ``command``s: they are decoded and built inside the
# transaction, so a malformed id refuses like the use case itself (a NOT_FOUND userError).


@dataclass(frozen=True, slots=True)
class Key:
    """A global ID of type ``type_name`` that the use case takes as a database id (None stays None)."""

    global_id: relay.GlobalID | None
    type_name: str
    field: tuple[str, ...] = ("input", "id")


def key(global_id: relay.GlobalID | None, type_name: str, field: str = "id") -> Key:
    """The ``Key`` of the input field ``field`` (its camelCase name)."""
    return Key(global_id, type_name, ("input", field))


@dataclass(frozen=True, slots=True)
class Command(Generic[C]):
    """A use case's command dataclass, built from an input when the use case runs."""

    cls: type[C]
    source: object
    given: Mapping[str, Any]


def command(cls: type[C], source: object, **given: Any) -> Command[C]:
    """The command ``cls`` from the input's fields of the same names; ``given`` (``Key``s,
    nested commands, converted values) replaces or adds fields."""
    return Command(cls, source, given)


def resolved(value: Any) -> Any:
    """``value`` with its ``Key``s decoded and its ``command``s built (raises ``Refused``)."""
    if isinstance(value, Key):
        if value.global_id is None:
            return None
        return decode_id(value.global_id, value.type_name, value.field)
    if isinstance(value, Command):
        given = {name: resolved(v) for name, v in value.given.items()}
        names = [f.name for f in dataclasses.fields(value.cls) if f.name not in given]  # type: ignore[arg-type]
        copied = {name: getattr(value.source, name) for name in names if hasattr(value.source, name)}
        return value.cls(**copied, **given)
    if isinstance(value, list):
        return [resolved(v) for v in value]
    return value


async def perform(
    info: strawberry.Info,
    use_case: Callable[..., Awaitable[T]],
    *arguments: Any,
    constraint_errors: Mapping[str, UserError | Refusal] | None = None,
    idempotent: IdempotentCreate | None = None,
) -> Outcome[T]:
    """Run ``use_case(session, actor, now, *arguments)`` as the signed-in viewer, now, in the
    request's one transaction; its value or the errors that refused it."""
    actor = require_viewer(info)
    now = datetime.now(UTC)

    async def work(session: AsyncSession) -> T:
        return await use_case(session, actor, now, *(resolved(a) for a in arguments))

    return await atomically(
        info, work, constraint_errors=constraint_errors, idempotent=idempotent
    )


async def mutate(
    info: strawberry.Info,
    payload: Callable[..., P],
    use_case: Callable[..., Awaitable[Any]],
    *arguments: Any,
    constraint_errors: Mapping[str, UserError | Refusal] | None = None,
    idempotent: IdempotentCreate | None = None,
) -> P:
    """The whole mutation: ``perform`` the use case, then the payload of its one object
    (``payload``'s field beside ``user_errors``, built with its type's ``from_row``)."""
    outcome = await perform(
        info, use_case, *arguments, constraint_errors=constraint_errors, idempotent=idempotent
    )
    return payload_of(payload, outcome, *returned(payload))


@functools.cache
def returned(payload: Callable[..., Any]) -> tuple[str, Callable[[Any], Any]]:
    """The payload's one object field beside ``user_errors``, and its type's ``from_row``."""
    definition = payload.__strawberry_definition__  # type: ignore[attr-defined]
    [field] = [f for f in definition.fields if f.python_name != "user_errors"]
    node = getattr(field.type, "of_type", field.type)  # ``Node | None``
    return field.python_name, node.from_row


Arguments = tuple[Any, ...]
"""What a mutation hands its use case after ``(session, actor, now)``: values, ``Key``s, commands."""


def mutation(
    payload: Callable[..., P],
    use_case: Callable[..., Awaitable[Any]],
    *,
    constraint_errors: Mapping[str, UserError | Refusal] | None = None,
    creates: type[Base] | None = None,
) -> Callable[[Callable[[Any], Arguments]], Callable[..., Awaitable[P]]]:
    """The resolver of a mutation whose payload holds one object, from the function that maps
    its ``input`` to ``use_case``'s arguments::

        @mutation(RetireProductPayload, products.retire_product)
        def retire_product(input: RetireProductInput) -> Arguments:
            return key(input.id, "Product"), input.version

    ``creates`` makes it an idempotent create of that model, named as the mutation
    (``create_product`` → ``createProduct``) and keyed by ``input.idempotency_key``.
    """

    def resolver(arguments: Callable[[Any], Arguments]) -> Callable[..., Awaitable[P]]:
        name = arguments.__name__
        operation = name.split("_")[0] + "".join(w.title() for w in name.split("_")[1:])

        async def resolve(info: strawberry.Info, input: Any) -> P:
            once = None if creates is None else create_once(operation, input, creates)
            return await mutate(
                info,
                payload,
                use_case,
                *arguments(input),
                constraint_errors=constraint_errors,
                idempotent=once,
            )

        # Strawberry reads the field's argument and type from the resolver's annotations,
        # resolved in the module that declares the input.
        resolve.__annotations__ = {
            "info": strawberry.Info,
            "input": arguments.__annotations__["input"],
            "return": payload,
        }
        resolve.__module__, resolve.__name__, resolve.__qualname__ = arguments.__module__, name, name
        resolve.__doc__ = arguments.__doc__
        return resolve

    return resolver


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
