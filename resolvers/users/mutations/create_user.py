"""``createUser`` (ADMIN)."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.users import Role as RoleModel
from db.models.users import User as UserRow

from schema.text_limits import Email, IdempotencyKey
from resolvers.audit import audit_change
from db.queries.users import user_by_email
from services.people.passwords import MIN_PASSWORD_LENGTH
from resolvers.mutation import IdempotentCreate, Rejected, atomically, reject
from services.people.rules import check_manager
from services.validation import email_address, required_text
from schema.errors import ErrorCode, UserError, user_error
from schema.types.user import Role, User


@strawberry.input
class CreateUserInput:
    email: Email
    name: str
    password: str
    roles: list[Role]  # type: ignore[valid-type]
    manager_id: relay.GlobalID | None = None
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreateUserPayload:
    user: User | None = None
    user_errors: list[UserError]


EMAIL_TAKEN = user_error(ErrorCode.ALREADY_EXISTS, "A user with this email exists.", ["input", "email"])


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise reject(
            ErrorCode.INVALID,
            f"A password has at least {MIN_PASSWORD_LENGTH} characters.",
            ["input", "password"],
        )


async def create_user(info: strawberry.Info, input: CreateUserInput) -> CreateUserPayload:

    async def work(session: AsyncSession) -> UserRow:
        email = email_address(input.email, ["input", "email"])
        name = required_text(input.name, ["input", "name"], max_length=200)
        validate_password(input.password)
        if not input.roles:
            raise reject(ErrorCode.REQUIRED, "Give the user at least one role.", ["input", "roles"])
        manager_id = await check_manager(session, input.manager_id, user_id=None)
        if await user_by_email(session, email) is not None:
            raise Rejected(EMAIL_TAKEN)
        user = UserRow(
            email=email,
            name=name,
            password_hash=await info.context.config.passwords.hash(input.password),
            roles=sorted({RoleModel(r.value) for r in input.roles}, key=lambda r: r.value),
            manager_id=manager_id,
        )
        session.add(user)
        await audit_change(info, session, "createUser", user)
        return user

    outcome = await atomically(
        info,
        work,
        constraint_errors={"uq_users_email_lower": EMAIL_TAKEN},
        idempotent=IdempotentCreate(
            operation="createUser",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "password": None, "idempotency_key": None},
            model=UserRow,
        ),
    )
    return CreateUserPayload(
        user=User.from_row(outcome.value) if outcome.value else None, user_errors=outcome.errors
    )
