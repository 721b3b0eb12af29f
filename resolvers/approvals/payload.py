"""How approval mutations run a use case (as the viewer, now, in one transaction), and the
payload the request mutations return."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.approvals import ApprovalRequest as RequestRow
from resolvers.mutation import Outcome, atomically
from schema.errors import UserError
from schema.permissions import require_viewer
from schema.types.approvals import ApprovalRequest

T = TypeVar("T")

UseCase = Callable[[AsyncSession, Actor, datetime], Awaitable[T]]
"""A use case with every argument bound but the session, the actor and ``now``."""


async def as_viewer(info: strawberry.Info, use_case: UseCase[T]) -> Outcome[T]:
    """Run ``use_case`` as the signed-in viewer, at the request's
    ``now``, in its one transaction."""
    actor, now = require_viewer(info), datetime.now(UTC)
    return await atomically(info, lambda session: use_case(session, actor, now))


@strawberry.type
class ApprovalRequestPayload:
    approval_request: ApprovalRequest | None = None
    user_errors: list[UserError]


def request_payload(info: strawberry.Info, outcome: Outcome[RequestRow]) -> ApprovalRequestPayload:
    if outcome.value is None:
        return ApprovalRequestPayload(user_errors=outcome.errors)
    loaders = info.context.loaders
    for loader, key in (
        (loaders.quote_by_id, outcome.value.quote_id),
        (loaders.revisions_by_quote_id, outcome.value.quote_id),
        (loaders.events_by_quote_id, outcome.value.quote_id),
        (loaders.approval_decisions_by_request_id, outcome.value.id),
        (loaders.approval_comments_by_request_id, outcome.value.id),
    ):
        with contextlib.suppress(KeyError):
            loader.clear(key)
    return ApprovalRequestPayload(
        approval_request=ApprovalRequest.from_row(outcome.value), user_errors=outcome.errors
    )


async def run_request_use_case(
    info: strawberry.Info, use_case: UseCase[RequestRow]
) -> ApprovalRequestPayload:
    """Run a request use case :func:`as_viewer`; the request as it is after, or why not."""
    return request_payload(info, await as_viewer(info, use_case))
