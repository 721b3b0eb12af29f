"""The commissions mutations' one skeleton: the viewer and the time, then the use case in a transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from resolvers.mutation import IdempotentCreate, Outcome, atomically
from schema.errors import UserError
from schema.permissions import require_viewer
from services.refusal import Refusal

T = TypeVar("T")
UseCase = Callable[[AsyncSession, Actor, datetime], Awaitable[T]]


async def run(
    info: strawberry.Info,
    use_case: UseCase[T],
    *,
    constraint_refusals: Mapping[str, Refusal] | None = None,
    idempotent: IdempotentCreate | None = None,
) -> Outcome[T]:
    """``use_case(session, viewer, now)`` in the request's one transaction.

    Decode the input inside ``use_case`` (a lambda): a malformed id then refuses
    like any other input, rolled back with the rest.
    """
    actor, now = require_viewer(info), datetime.now(UTC)
    return await atomically(
        info,
        lambda session: use_case(session, actor, now),
        constraint_errors=constraint_refusals,
        idempotent=idempotent,
    )


def idempotent(operation: str, input: Any, model: Any) -> IdempotentCreate:
    """The create ``operation`` keyed by ``input.idempotency_key`` (the key not part of the request)."""
    return IdempotentCreate(
        operation=operation,
        key=input.idempotency_key,
        request={**strawberry.asdict(input), "idempotency_key": None},
        model=model,
    )


def forget(loaders: Iterable[Any], key: Any) -> None:
    """Drop ``key`` from these loaders' caches (the mutation changed it)."""
    for loader in loaders:
        with contextlib.suppress(KeyError):  # strawberry raises for a key it never cached
            loader.clear(key)


def payload_type(name: str, field: str, node: type) -> Any:
    """``type <name> { <field>: <node>  userErrors: [UserError!]! }``: a mutation's payload
    holding the changed object, or null beside the errors (see ``payload_of``)."""
    namespace = {
        "__annotations__": {field: node | None, "user_errors": list[UserError]},
        field: None,
        "__module__": __name__,
    }
    return strawberry.type(type(name, (), namespace))
