"""One use case, one transaction: its value, or the refusals that rolled it back.

Every caller (a GraphQL mutation, the CLI, the demo loader, a job, a mail reply) runs
a use case through ``in_transaction``. A ``Refused`` from the work rolls everything
back and comes back as refusals, so a refused use case never leaves half its writes
behind. Stale versions, values a column cannot hold and named constraint violations
become refusals the same way; anything else is a fault and propagates.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from db.base import Base
from db.queries import idempotency
from services.refusal import Code, Refusal, Refused, refuse

T = TypeVar("T")

Begin = Callable[[], AbstractAsyncContextManager[AsyncSession]]
"""Opens a transaction and yields its session: ``RequestDatabase.transaction`` or
``async_sessionmaker.begin``; it commits when the block ends normally."""

Work = Callable[[AsyncSession], Awaitable[T]]


@dataclass(slots=True)
class Outcome(Generic[T]):
    """What a use case produced, or why it refused (then ``value`` is ``None``)."""

    value: T | None = None
    refusals: list[Refusal] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class IdempotentCreate:
    """A create that a retry with the same key, by the same user, must not repeat.

    ``user_id`` is whose key it is: a caller that knows the request but not yet the user
    (a resolver building it from its input) leaves it ``None`` and fills it in before running.
    """

    operation: str
    key: str | None
    request: Mapping[str, Any]
    model: type[Base]
    user_id: int | None = None

    def owner(self) -> int:
        """Whose key this is; a create run without one is a programming error."""
        if self.user_id is None:
            raise ValueError(f"{self.operation}: an idempotent create must name its user")
        return self.user_id

    def request_hash(self) -> str:
        canonical = json.dumps(self.request, sort_keys=True, default=str, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


STALE = Refusal(
    Code.CONFLICT,
    "Someone else saved this record at the same moment. Reload and try again.",
    ("input", "version"),
)


async def in_transaction(
    begin: Begin,
    work: Work[T],
    *,
    constraint_refusals: Mapping[str, Refusal] | None = None,
    idempotent: IdempotentCreate | None = None,
) -> Outcome[T]:
    """Run ``work`` in one transaction; return its value or the refusals that stopped it."""
    try:
        async with begin() as session:
            if idempotent is not None and idempotent.key:
                prior = await _claim(session, idempotent)
                if prior is not None:
                    return Outcome(value=prior)
            try:
                value = await work(session)
            except Refused as refused:
                if not refused.keep_changes:
                    raise
                return Outcome(refusals=refused.refusals)  # leaves the block normally: commits
            if idempotent is not None and idempotent.key:
                await idempotency.store_result(
                    session,
                    user_id=idempotent.owner(),
                    operation=idempotent.operation,
                    key=idempotent.key,
                    result={"id": value.id},  # type: ignore[attr-defined]
                )
            return Outcome(value=value)
    except Refused as refused:
        return Outcome(refusals=refused.refusals)
    except StaleDataError:
        return Outcome(refusals=[STALE])
    except DataError as exc:
        # A value the column cannot hold (an amount beyond NUMERIC(18,6)): the caller's input.
        return Outcome(
            refusals=[Refusal(Code.INVALID, f"A value is out of range: {exc.orig}", ("input",))]
        )
    except IntegrityError as exc:
        known = (constraint_refusals or {}).get(violated_constraint(exc) or "")
        if known is None:
            raise
        return Outcome(refusals=[known])


def violated_constraint(exc: IntegrityError) -> str | None:
    """The constraint's name, from the driver error behind SQLAlchemy's wrapper."""
    for error in (exc.orig, getattr(exc.orig, "__cause__", None)):
        name = getattr(error, "constraint_name", None)
        if name:
            return str(name)
    return None


async def _claim(session: AsyncSession, create: IdempotentCreate) -> Any:
    request_hash = create.request_hash()
    prior = await idempotency.claim(
        session,
        user_id=create.owner(),
        operation=create.operation,
        key=create.key or "",
        request_hash=request_hash,
    )
    if prior is None:
        return None
    if prior.request_hash != request_hash:
        raise refuse(
            Code.IDEMPOTENCY_KEY_REUSED,
            "This idempotency key was already used for a different request.",
            ("input", "idempotencyKey"),
        )
    return await session.get(create.model, prior.result["id"])
