"""``deactivateUser`` (ADMIN): the user can no longer sign in.

Their sessions, tokens and WebSockets end.
"""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry import relay

from resolvers.mutation import atomically, decode_id, payload_of
from schema.errors import UserError
from schema.permissions import require_viewer
from schema.types.user import User
from services.people.users import deactivate_user as deactivate


@strawberry.input
class DeactivateUserInput:
    id: relay.GlobalID
    version: int


@strawberry.type
class DeactivateUserPayload:
    user: User | None = None
    user_errors: list[UserError]


async def deactivate_user(
    info: strawberry.Info, input: DeactivateUserInput
) -> DeactivateUserPayload:
    actor = require_viewer(info)
    outcome = await atomically(
        info,
        lambda session: deactivate(
            session, actor, datetime.now(UTC), decode_id(input.id, "User"), input.version
        ),
    )
    if outcome.value is not None and info.context.events is not None:
        # The users trigger NOTIFYs the change; once this process has heard it, its
        # active-user cache has forgotten the user, so their very next request is refused.
        await info.context.events.caught_up()
    return payload_of(DeactivateUserPayload, outcome, "user", User.from_row)
