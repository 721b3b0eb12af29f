"""The one place a mutation runs a use case in a transaction and maps refusals to UserErrors.

A mutation resolver decodes its input, then hands ``atomically`` a function that does
the work on a session, usually one call of a ``services`` use case. The work raises
``services.refusal.Refused`` for an expected refusal; ``services.transaction`` rolls
everything back and returns the refusals, which become the payload's ``userErrors``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import re
import typing
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
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
from schema.permissions import require_viewer, viewer_of
from services import transaction
from services.refusal import Code, Refusal, Refused, refuse
from services.rows import check_version
from services.transaction import IdempotentCreate, Work

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
        else dataclasses.replace(idempotent, user_id=require_viewer(info).user_id),
    )
    return Outcome(value=outcome.value, errors=[as_user_error(r) for r in outcome.refusals])


def payload_of(
    payload: Callable[..., T], outcome: Outcome[Any], name: str, to_type: Callable[[Any], Any]
) -> T:
    """The mutation's payload: ``name`` holds ``to_type(value)``, or null beside the errors."""
    value = None if outcome.value is None else to_type(outcome.value)
    return payload(**{name: value}, user_errors=outcome.errors)


async def payload_with(
    payload: Callable[..., P],
    outcome: Outcome[T],
    fields: Callable[[T], Mapping[str, Any] | Awaitable[Mapping[str, Any]]],
) -> P:
    """The payload of a mutation that returns more than its object: ``fields(value)`` (maybe
    awaited) beside the errors, or the errors alone when it was refused (the payload's other
    fields keep their defaults)."""
    if outcome.value is None:
        return payload(user_errors=outcome.errors)
    made = fields(outcome.value)
    if inspect.isawaitable(made):
        made = await made
    return payload(**made, user_errors=outcome.errors)


# The mutation skeleton: ``@mutation(use_case, Type)`` over a function from the input to the
# use case's arguments (or ``perform`` for a payload of its own). Arguments may hold ``Key``s,
# ``command``s and ``later``s: they are decoded and built inside the transaction, so a
# malformed id refuses like the use case itself (a NOT_FOUND userError).


@dataclass(frozen=True, slots=True)
class Key:
    """A global ID of type ``type_name`` the use case takes as a database id (None stays None)."""

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


@dataclass(frozen=True, slots=True)
class Later:
    """A value made from an input when the use case runs (its refusals are userErrors)."""

    make: Callable[..., Any]
    arguments: tuple[Any, ...]


def later(make: Callable[..., Any], *arguments: Any) -> Later:
    """``make(*arguments)`` (``Key``s and ``command``s among them resolved), called inside the
    transaction, so a ``Refused`` it raises refuses the mutation like the use case."""
    return Later(make, arguments)


def resolved(value: Any) -> Any:
    """``value`` with its ``Key``s decoded, its ``command``s built and its ``later``s made
    (raises ``Refused``)."""
    if isinstance(value, Later):
        return value.make(*(resolved(a) for a in value.arguments))
    if isinstance(value, Key):
        if value.global_id is None:
            return None
        return decode_id(value.global_id, value.type_name, value.field)
    if isinstance(value, Command):
        given = {name: resolved(v) for name, v in value.given.items()}
        names = [f.name for f in dataclasses.fields(value.cls) if f.name not in given]  # type: ignore[arg-type]
        source = value.source
        copied = {name: getattr(source, name) for name in names if hasattr(source, name)}
        return value.cls(**copied, **given)
    if isinstance(value, list):
        return [resolved(v) for v in value]
    if isinstance(value, tuple):
        return tuple(resolved(v) for v in value)
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
    return await _perform_as(
        info,
        require_viewer(info),
        use_case,
        arguments,
        constraint_errors=constraint_errors,
        idempotent=idempotent,
    )


async def perform_public(
    info: strawberry.Info, use_case: Callable[..., Awaitable[T]], *arguments: Any
) -> Outcome[T]:
    """``perform`` for a public mutation (a shared link's, whose token stands for the
    customer): ``use_case`` runs as whoever is signed in, usually no one (``actor`` None)."""
    return await _perform_as(info, viewer_of(info), use_case, arguments)


async def _perform_as(
    info: strawberry.Info,
    actor: Actor | None,
    use_case: Callable[..., Awaitable[T]],
    arguments: Sequence[Any],
    *,
    constraint_errors: Mapping[str, UserError | Refusal] | None = None,
    idempotent: IdempotentCreate | None = None,
) -> Outcome[T]:
    now = datetime.now(UTC)

    async def work(session: AsyncSession) -> T:
        return await use_case(session, actor, now, *(resolved(a) for a in arguments))

    return await atomically(info, work, constraint_errors=constraint_errors, idempotent=idempotent)


Arguments = tuple[Any, ...]
"""What a mutation hands its use case after ``(session, actor, now)``: values, keys, commands."""


def mutation(
    use_case: Callable[..., Awaitable[Any]],
    returns: Any,
    *,
    constraint_errors: Mapping[str, UserError | Refusal] | None = None,
    field: str | None = None,
    payload: Any = None,
    forgets: Callable[[Any], Iterable[Any]] | None = None,
    builds: Callable[[Any], Any] | None = None,
) -> Callable[[Callable[..., Arguments]], Callable[..., Awaitable[Any]]]:
    """The resolver of a mutation that changes one object, from the function mapping its
    ``input`` to ``use_case``'s arguments::

        @mutation(products.retire_product, Product)
        def retire_product(input: RetireProductInput) -> Arguments:
            return key(input.id, "Product"), input.version

    is ``retireProduct(input: RetireProductInput!): RetireProductPayload!``, the payload
    holding ``product: Product`` (``Product.from_row`` of the row the use case returns)
    beside ``userErrors`` (a function that also takes ``info`` gets the request's, for its
    settings). An input with an ``idempotency_key`` makes it an idempotent
    create of the row type ``use_case`` returns. ``field`` names the payload's field where
    the type's name does not (``plan: CommissionPlan``); ``payload`` is a payload type shared
    with other mutations (made by ``payload_type`` with the same ``field``); ``forgets``
    names the request's loaders (from ``info.context.loaders``) whose cached row of the
    changed object the mutation makes stale; ``builds`` makes the payload's object from what
    the use case returns where ``returns.from_row`` does not (an engine value: ``Type.of``).
    """

    def resolver(arguments: Callable[..., Arguments]) -> Callable[..., Awaitable[Any]]:
        name = arguments.__name__
        takes_info = "info" in inspect.signature(arguments).parameters
        operation = re.sub(r"_(\w)", lambda m: m.group(1).upper(), name)
        attribute = field or snake_case(returns.__name__)
        made = payload or payload_type(
            f"{operation[0].upper()}{operation[1:]}Payload", returns, field, operation
        )
        to_type = builds or returns.from_row

        async def resolve(info: strawberry.Info, input: Any) -> Any:
            once = None
            if hasattr(input, "idempotency_key"):
                creates = typing.get_type_hints(use_case)["return"]
                once = create_once(operation, input, creates)
            outcome = await perform(
                info,
                use_case,
                *(arguments(input, info=info) if takes_info else arguments(input)),
                constraint_errors=constraint_errors,
                idempotent=once,
            )
            if forgets is not None and outcome.value is not None:
                forget(forgets(info.context.loaders), outcome.value.id)
            return payload_of(made, outcome, attribute, to_type)

        # Strawberry reads the field's argument and type from the resolver's annotations,
        # resolved in the module that declares the input.
        resolve.__annotations__ = {
            "info": strawberry.Info,
            "input": arguments.__annotations__["input"],
            "return": made,
        }
        resolve.__module__, resolve.__name__ = arguments.__module__, name
        resolve.__qualname__ = name
        resolve.__doc__ = arguments.__doc__
        return resolve

    return resolver


def forget(loaders: Iterable[Any], key: Any) -> None:
    """Drop ``key`` from these loaders' caches (the mutation changed it)."""
    for loader in loaders:
        with contextlib.suppress(KeyError):  # strawberry raises for a key it never cached
            loader.clear(key)


def mutations_sharing(
    payload: str,
    returns: Any,
    field: str,
    *operations: str,
    holds: str | None = None,
    **options: Any,
) -> Any:
    """``@mutation`` for a family of mutations that return one payload type, ``{payload}
    { <field>: <returns> userErrors }``, with the same ``options``::

        plan_mutation = mutations_sharing("CommissionPlanPayload", CommissionPlan, "plan")

        @plan_mutation(plans.create_plan)
        def create_commission_plan(input: CreateCommissionPlanInput) -> Arguments: ...

    ``operations`` names the mutations of the family for the payload's description, ``holds``
    what its object is (``payload_type``)."""
    shared = payload_type(payload, returns, field, *operations, holds=holds)

    def family(use_case: Callable[..., Awaitable[Any]], **more: Any) -> Any:
        return mutation(use_case, returns, field=field, payload=shared, **options, **more)

    return family


def payload_type(
    name: str,
    node: Any,
    field: str | None = None,
    *operations: str,
    holds: str | None = None,
) -> Any:
    """``{name} { <node's name in camelCase>: <node> userErrors: [UserError!]! }``: the common
    payload, the changed object (null when refused) beside the errors; ``field`` names the
    object's field where the node's name does not (``plan: CommissionPlan``). Its
    descriptions say so, naming the mutations that return it (``operations``), if given;
    ``holds`` says what the object is where "the X as it stands after the change" does not."""
    attribute = field or snake_case(node.__name__)
    type_name = node.__strawberry_definition__.name
    holds = holds or f"The {type_name} as it stands after the change"
    annotations = {attribute: node | None, "user_errors": list[UserError]}
    body = {
        "__annotations__": annotations,
        attribute: strawberry.field(
            default=None,
            description=f"{holds}; null when the mutation was refused (`userErrors` says why).",
        ),
        "user_errors": user_errors_field(),
    }
    description = payload_description(operations, holds, f"a change to {type_name} data")
    return strawberry.type(type(name, (), body), description=description)


def payload_description(operations: Sequence[str], holds: str, otherwise: str = "") -> str:
    """Every payload's description: "The result of `op` (or ``otherwise`` where no
    operation is named): <holds>, or `userErrors` saying why nothing changed."."""
    quoted = [f"`{operation}`" for operation in operations]
    named = " or ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 2 else quoted)
    return (
        f"The result of {named or otherwise}: {holds[0].lower()}{holds[1:]}, or `userErrors`"
        " saying why nothing changed."
    )


def payload(operation: str, holds: str) -> Callable[[type[T]], type[T]]:
    """``@strawberry.type`` for the payload of a mutation that returns more than one object
    (its fields filled by ``payload_with``), described like every payload::

        @payload("setQuoteSplits", "the quote and its shares now")
        class SetQuoteSplitsPayload: ...
    """
    return strawberry.type(description=payload_description((operation,), holds))


def user_errors_field() -> Any:
    """The ``userErrors`` field of every payload, described once."""
    return strawberry.field(description=USER_ERRORS)


USER_ERRORS = (
    "Why nothing changed: one entry per refused input or broken rule, each with a stable "
    "`code`, the input `field` path it concerns (when one does) and a message; empty when "
    "the mutation succeeded. Nothing is stored when this is non-empty."
)


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def idempotency_key_field() -> Any:
    """The ``idempotencyKey`` input field of every create (phones retry on flaky networks)."""
    return strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


def version_field() -> Any:
    """The ``version`` input field of an edit of a versioned object (concurrent edits)."""
    return strawberry.field(description="The version you read; a stale one is a CONFLICT.")


@strawberry.input
class EditInput:
    """The first fields of an edit's input: the object's ``id`` and the ``version`` of it the
    client read (the use case refuses a stale one with CONFLICT). Not a type of its own in
    the schema: the inputs that extend it are."""

    id: relay.GlobalID
    """The global ID of the object to change, as its `id` field gave it."""
    version: int = version_field()


def empty_list_field(description: str) -> Any:
    """A list field that is empty when left out (an input's), or until filled (a payload's)."""
    return strawberry.field(default_factory=list, description=description)


def clearing_field(what: str, instead_of: str) -> Any:
    """The ``clearX: Boolean = false`` input field that removes ``what`` from an object,
    where leaving the field ``instead_of`` out (null) would keep it."""
    return strawberry.field(
        default=False, description=f"true removes {what} (`{instead_of}` is then ignored)."
    )


def mutation_on(
    verb: str, use_case: Callable[..., Awaitable[Any]], returns: Any, **fields: tuple[Any, Any]
) -> Callable[..., Awaitable[Any]]:
    """The mutation ``{verb}{Type}`` of one ``returns`` object named by its ``id``, whose
    input ``{Verb}{Type}Input`` holds the ``id`` and then ``fields`` (name to annotation and
    ``strawberry.field``); the use case takes the decoded id, then the fields' values::

        retire_product = mutation_on(
            "retire", products.retire_product, Product, version=(int, version_field())
        )

    is ``retireProduct(input: RetireProductInput!): RetireProductPayload!`` as ``@mutation``
    makes it."""
    type_name = returns.__name__
    annotations = {"id": relay.GlobalID, **{name: kind for name, (kind, _) in fields.items()}}
    defaults = {name: value for name, (_, value) in fields.items()}
    what = f"The global ID of the {type_name} to {verb}."
    body = {"__annotations__": annotations, "id": strawberry.field(description=what), **defaults}
    input_type = strawberry.input(
        type(f"{verb.title()}{type_name}Input", (), body),
        description=f"Which {type_name} `{verb}{type_name}` changes, and how.",
    )

    def arguments(input: Any) -> Arguments:
        return key(input.id, type_name), *(getattr(input, name) for name in fields)

    arguments.__annotations__ = {"input": input_type, "return": Arguments}
    arguments.__name__ = f"{verb}_{snake_case(type_name)}"
    return mutation(use_case, returns)(arguments)


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
