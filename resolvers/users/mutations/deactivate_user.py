"""``deactivateUser`` (ADMIN): the user can no longer sign in.

Their sessions, tokens and WebSockets end.
"""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import key, payload_of, payload_type, perform, version_field
from schema.types.user import User
from services.people.users import deactivate_user as deactivate


@strawberry.input(
    description="A user to deactivate: they can no longer sign in, and their sessions end."
)
class DeactivateUserInput:
    id: relay.GlobalID
    """The global ID of the user."""
    version: int = version_field()


DeactivateUserPayload = payload_type("DeactivateUserPayload", User)


async def deactivate_user(
    info: strawberry.Info, input: DeactivateUserInput
) -> DeactivateUserPayload:
    """The user (`id`) at the `version` you read."""
    outcome = await perform(info, deactivate, key(input.id, "User"), input.version)
    if outcome.value is not None and info.context.events is not None:
        # The users trigger NOTIFYs the change; once this process has heard it, its
        # active-user cache has forgotten the user, so their very next request is refused.
        await info.context.events.caught_up()
    return payload_of(DeactivateUserPayload, outcome, "user", User.from_row)
