"""The payload every quote mutation returns, and the one way a quote mutation runs."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.quotes import Quote as QuoteRow
from resolvers.mutation import IdempotentCreate, Outcome, atomically
from schema.errors import UserError
from schema.permissions import require_viewer
from schema.types.quote import Quote

QuoteWork = Callable[[AsyncSession, Actor, datetime], Awaitable[QuoteRow]]
"""A quote use case with the session, the signed-in actor and the request's ``now`` bound last."""


@strawberry.type(description="The quote as it is after the change, or why nothing changed.")
class QuotePayload:
    quote: Quote | None = None
    user_errors: list[UserError]


def quote_payload(info: strawberry.Info, outcome: Outcome[QuoteRow]) -> QuotePayload:
    if outcome.value is None:
        return QuotePayload(user_errors=outcome.errors)
    # The request's loaders may have cached this quote's pieces before the change.
    loaders = info.context.loaders
    for loader in (loaders.quote_by_id, loaders.revisions_by_quote_id, loaders.events_by_quote_id):
        with contextlib.suppress(KeyError):  # strawberry raises for a key it never cached
            loader.clear(outcome.value.id)
    return QuotePayload(quote=Quote.from_row(outcome.value), user_errors=outcome.errors)


def retry_safe(operation: str, input: Any) -> IdempotentCreate:
    """A quote create a retry with the same ``input.idempotency_key`` must not repeat."""
    request = {**strawberry.asdict(input), "idempotency_key": None}
    return IdempotentCreate(
        operation=operation, key=input.idempotency_key, request=request, model=QuoteRow
    )


async def change_quote(
    info: strawberry.Info, work: QuoteWork, *, idempotent: IdempotentCreate | None = None
) -> QuotePayload:
    """Run ``work`` as the signed-in viewer, now, in the request's one transaction."""
    actor = require_viewer(info)
    now = datetime.now(UTC)
    outcome = await atomically(
        info, lambda session: work(session, actor, now), idempotent=idempotent
    )
    return quote_payload(info, outcome)
