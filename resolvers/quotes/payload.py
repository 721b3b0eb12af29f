"""The one way a quote mutation runs; its payload type lives in ``schema.types.quote_mutation``
(shared with ``submitQuoteForApproval``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.quotes import Quote as QuoteRow
from resolvers.mutation import IdempotentCreate, atomically
from schema.permissions import require_viewer
from schema.types.quote_mutation import QuotePayload, quote_payload

__all__ = ["QuotePayload", "change_quote", "quote_payload", "retry_safe"]

QuoteWork = Callable[[AsyncSession, Actor, datetime], Awaitable[QuoteRow]]
"""A quote use case with the session, the signed-in actor and the request's ``now`` bound last."""


def retry_safe(operation: str, input: Any) -> IdempotentCreate:
    """A quote create a retry with the same ``input.idempotency_key`` must not repeat."""
    request = {**strawberry.asdict(input), "idempotency_key": None}
    return IdempotentCreate(operation=operation, key=input.idempotency_key, request=request, model=QuoteRow)


async def change_quote(
    info: strawberry.Info, work: QuoteWork, *, idempotent: IdempotentCreate | None = None
) -> QuotePayload:
    """Run ``work`` as the signed-in viewer, now, in the request's one transaction."""
    actor = require_viewer(info)
    now = datetime.now(UTC)
    outcome = await atomically(info, lambda session: work(session, actor, now), idempotent=idempotent)
    return quote_payload(info, outcome)
