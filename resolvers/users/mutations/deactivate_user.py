"""``deactivateUser`` (ADMIN): the user can no longer sign in; their sessions, tokens and WebSockets end."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.users import User as UserRow
from db.queries.audit import snapshot
from resolvers.audit import audit_change
from resolvers.auth.sessions import revoke_all_for_user
from services.people.tokens import utcnow
from resolvers.mutation import atomically, check_version, reject
from resolvers.users.mutations.update_user import load_user_for_update
from schema.errors import ErrorCode, UserError
from schema.permissions import require_viewer
from schema.types.user import User


@strawberry.input
class DeactivateUserInput:
    id: relay.GlobalID
    version: int


@strawberry.type
class DeactivateUserPayload:
    user: User | None = None
    user_errors: list[UserError]


async def deactivate_user(info: strawberry.Info, input: DeactivateUserInput) -> DeactivateUserPayload:
    actor = require_viewer(info)

    async def work(session: AsyncSession) -> UserRow:
        user = await load_user_for_update(session, input.id)
        check_version(user, input.version)
        if user.id == actor.user_id:
            raise reject(ErrorCode.INVALID, "You cannot deactivate yourself.", ["input", "id"])
        before = snapshot(user)
        user.active = False
        await revoke_all_for_user(session, user.id, utcnow())
        await audit_change(info, session, "deactivateUser", user, before)
        return user

    outcome = await atomically(info, work)
    if outcome.value is not None and info.context.events is not None:
        # The users trigger NOTIFYs the change; once this process has heard it, its
        # active-user cache has forgotten the user, so their very next request is refused.
        await info.context.events.caught_up()
    return DeactivateUserPayload(
        user=User.from_row(outcome.value) if outcome.value else None, user_errors=outcome.errors
    )
