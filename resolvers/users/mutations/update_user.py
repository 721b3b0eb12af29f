"""``updateUser`` (ADMIN): change name, email, roles, manager or password; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.users import Role as RoleModel
from db.models.users import User as UserRow
from db.queries.audit import snapshot
from schema.text_limits import Email
from resolvers.audit import audit_change
from db.queries.users import user_by_email
from resolvers.auth.sessions import revoke_all_for_user
from services.people.tokens import utcnow
from resolvers.mutation import Rejected, atomically, check_version, decode_id, reject
from resolvers.users.mutations.create_user import EMAIL_TAKEN, validate_password
from services.people.rules import check_manager
from services.validation import email_address, required_text
from schema.errors import ErrorCode, UserError, user_error
from schema.types.user import Role, User


@strawberry.input(description="Fields left out (null) stay as they are.")
class UpdateUserInput:
    id: relay.GlobalID
    version: int
    email: Email | None = None
    name: str | None = None
    password: str | None = None
    roles: list[Role] | None = None  # type: ignore[valid-type]
    manager_id: relay.GlobalID | None = None
    clear_manager: bool = False


@strawberry.type
class UpdateUserPayload:
    user: User | None = None
    user_errors: list[UserError]


async def load_user_for_update(session: AsyncSession, global_id: relay.GlobalID) -> UserRow:
    user = await session.get(UserRow, decode_id(global_id, "User"), with_for_update=True)
    if user is None:
        raise reject(ErrorCode.NOT_FOUND, "No User with this id.", ["input", "id"])
    return user


async def update_user(info: strawberry.Info, input: UpdateUserInput) -> UpdateUserPayload:

    async def work(session: AsyncSession) -> UserRow:
        user = await load_user_for_update(session, input.id)
        check_version(user, input.version)
        before = snapshot(user)
        if input.email is not None:
            email = email_address(input.email, ["input", "email"])
            other = await user_by_email(session, email)
            if other is not None and other.id != user.id:
                raise Rejected(EMAIL_TAKEN)
            user.email = email
        if input.name is not None:
            user.name = required_text(input.name, ["input", "name"], max_length=200)
        if input.roles is not None:
            if not input.roles:
                raise reject(ErrorCode.REQUIRED, "Keep at least one role.", ["input", "roles"])
            user.roles = sorted({RoleModel(r.value) for r in input.roles}, key=lambda r: r.value)
        if input.clear_manager:
            user.manager_id = None
        elif input.manager_id is not None:
            user.manager_id = await check_manager(session, input.manager_id, user_id=user.id)
        if input.password is not None:
            validate_password(input.password)
            user.password_hash = await info.context.config.passwords.hash(input.password)
            await revoke_all_for_user(session, user.id, utcnow())
        await audit_change(info, session, "updateUser", user, before)
        return user

    outcome = await atomically(
        info,
        work,
        constraint_errors={
            "uq_users_email_lower": EMAIL_TAKEN,
            "ck_users_no_manager_cycle": user_error(
                ErrorCode.INVALID,
                "That manager reports to this user: the hierarchy would loop.",
                ["input", "managerId"],
            ),
        },
    )
    return UpdateUserPayload(
        user=User.from_row(outcome.value) if outcome.value else None, user_errors=outcome.errors
    )
