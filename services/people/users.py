"""The user directory's use cases (ADMIN, or the command line): create, change, deactivate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.users import Role, User
from db.queries.refresh_tokens import revoke_all_for_user
from db.queries.users import user_by_email
from services.audit import record_new
from services.people.passwords import MIN_PASSWORD_LENGTH, Hasher
from services.people.rules import MANAGER_FIELD, check_manager
from services.refusal import Code, Refusal, Refused, refuse
from services.rows import audited_edit
from services.validation import email_address, required_text

EMAIL_TAKEN = Refusal(Code.ALREADY_EXISTS, "A user with this email exists.", ("input", "email"))
CONSTRAINT_REFUSALS = {
    "uq_users_email_lower": EMAIL_TAKEN,
    "ck_users_no_manager_cycle": Refusal(
        Code.INVALID,
        "That manager reports to this user: the hierarchy would loop.",
        MANAGER_FIELD,
    ),
}
"""The database's last word on a user, as the refusal the checks below would give."""


@dataclass(frozen=True, slots=True)
class NewUser:
    email: str
    name: str
    password: str
    roles: Sequence[Role]
    manager_id: int | None = None


@dataclass(frozen=True, slots=True)
class UserChanges:
    """Fields left ``None`` stay as they are; ``clear_manager`` removes the manager."""

    email: str | None = None
    name: str | None = None
    password: str | None = None
    roles: Sequence[Role] | None = None
    manager_id: int | None = None
    clear_manager: bool = False


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise refuse(
            Code.INVALID,
            f"A password has at least {MIN_PASSWORD_LENGTH} characters.",
            ("input", "password"),
        )


def role_list(roles: Sequence[Role]) -> list[Role]:
    return sorted(set(roles), key=lambda r: r.value)


async def create_user(
    session: AsyncSession, actor: Actor | None, now: datetime, new: NewUser, passwords: Hasher
) -> User:
    email = email_address(new.email, ("input", "email"))
    name = required_text(new.name, ("input", "name"), max_length=200)
    check_password(new.password)
    if not new.roles:
        raise refuse(Code.REQUIRED, "Give the user at least one role.", ("input", "roles"))
    manager_id = await check_manager(session, new.manager_id, user_id=None)
    if await user_by_email(session, email) is not None:
        raise Refused(EMAIL_TAKEN)
    user = User(
        email=email,
        name=name,
        password_hash=await passwords.hash(new.password),
        roles=role_list(new.roles),
        manager_id=manager_id,
    )
    return await record_new(session, actor, "createUser", user)


async def update_user(
    session: AsyncSession,
    actor: Actor | None,
    now: datetime,
    user_id: int,
    version: int,
    changes: UserChanges,
    passwords: Hasher,
) -> User:
    """Change name, email, roles, manager or password; a new password ends every session."""
    async with audited_edit(session, actor, "updateUser", User, user_id, version) as user:
        if changes.email is not None:
            email = email_address(changes.email, ("input", "email"))
            other = await user_by_email(session, email)
            if other is not None and other.id != user.id:
                raise Refused(EMAIL_TAKEN)
            user.email = email
        if changes.name is not None:
            user.name = required_text(changes.name, ("input", "name"), max_length=200)
        if changes.roles is not None:
            if not changes.roles:
                raise refuse(Code.REQUIRED, "Keep at least one role.", ("input", "roles"))
            user.roles = role_list(changes.roles)
        if changes.clear_manager:
            user.manager_id = None
        elif changes.manager_id is not None:
            user.manager_id = await check_manager(session, changes.manager_id, user_id=user.id)
        if changes.password is not None:
            check_password(changes.password)
            user.password_hash = await passwords.hash(changes.password)
            await revoke_all_for_user(session, user.id, now)
    return user


async def deactivate_user(
    session: AsyncSession, actor: Actor, now: datetime, user_id: int, version: int
) -> User:
    """The user can no longer sign in; their refresh tokens are revoked."""
    async with audited_edit(session, actor, "deactivateUser", User, user_id, version) as user:
        if user.id == actor.user_id:
            raise refuse(Code.INVALID, "You cannot deactivate yourself.", ("input", "id"))
        user.active = False
        await revoke_all_for_user(session, user.id, now)
    return user
