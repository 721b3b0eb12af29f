"""Creating a user from the command line (the first admin, before anyone can sign in).

Every refusal is a :class:`CreateUserError` whose message is the one line the CLI prints.
The checks run before the insert, so the database's own constraints are a last line of
defence; if one still fires, its message (which echoes the row, password hash included)
is replaced by ours and the original is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from services.people.passwords import Argon2Parameters

# The API's rule (services.validation.EMAIL; a test keeps them equal), kept here so that
# checking the arguments does not import the whole GraphQL layer first.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL_LENGTH = 320
MAX_NAME_LENGTH = 200


class CreateUserError(ValueError):
    """A user cannot be created as asked; the message says why and what to change."""


@dataclass(frozen=True, slots=True)
class NewUser:
    email: str
    name: str


def check_new_user(email: str, name: str) -> NewUser:
    """The email and name trimmed, or a refusal (checked before asking for a password)."""
    email, name = email.strip(), name.strip()
    if not EMAIL.match(email) or len(email) > MAX_EMAIL_LENGTH:
        raise CreateUserError(
            f"{email!r} is not an email address; pass --email like name@example.com"
        )
    if not name:
        raise CreateUserError("the name is blank; pass --name with the person's name")
    if len(name) > MAX_NAME_LENGTH:
        raise CreateUserError(
            f"the name has more than {MAX_NAME_LENGTH} characters; pass a shorter --name"
        )
    return NewUser(email=email, name=name)


def check_password(password: str) -> None:
    from services.people.passwords import MIN_PASSWORD_LENGTH

    if len(password) < MIN_PASSWORD_LENGTH:
        raise CreateUserError(
            f"the password is too short; use at least {MIN_PASSWORD_LENGTH} characters"
        )


CONSTRAINT_MESSAGES = {
    "uq_users_email_lower": "a user with this email already exists (emails are compared ignoring case)",
    "email_shape": "this is not an email address; pass --email like name@example.com",
    "name_not_blank": "the name is blank; pass --name with the person's name",
}


async def create_user(
    sessions: async_sessionmaker[AsyncSession],
    *,
    email: str,
    name: str,
    password: str,
    roles: Sequence[str],
    manager_email: str | None = None,
    parameters: Argon2Parameters | None = None,
) -> int:
    from sqlalchemy import func, select
    from sqlalchemy.exc import IntegrityError

    from db.models.users import Role, User
    from services.people.passwords import Argon2Parameters, hash_password

    new = check_new_user(email, name)
    check_password(password)
    async with sessions() as session, session.begin():
        taken = await session.scalar(
            select(User.email).where(func.lower(User.email) == new.email.lower())
        )
        if taken is not None:
            raise CreateUserError(
                f"a user with the email {taken} already exists (emails are compared ignoring case)"
            )
        manager_id = None
        if manager_email:
            manager = await session.scalar(
                select(User).where(func.lower(User.email) == manager_email.strip().lower())
            )
            if manager is None:
                raise CreateUserError(
                    f"there is no user {manager_email} to be the manager; "
                    "create them first or fix --manager-email"
                )
            manager_id = manager.id
        user = User(
            email=new.email,
            name=new.name,
            password_hash=hash_password(password, parameters or Argon2Parameters()),
            roles=[Role(r) for r in dict.fromkeys(roles)],
            manager_id=manager_id,
        )
        session.add(user)
        try:
            await session.flush()
        except IntegrityError as exc:
            # ``from None``: the driver's message shows the row, password hash included.
            raise CreateUserError(_constraint_message(exc)) from None
        return user.id


def _constraint_message(exc: IntegrityError) -> str:
    text = str(exc.orig)
    for constraint, message in CONSTRAINT_MESSAGES.items():
        if constraint in text:
            return message
    return "the database refused the new user (a constraint failed)"
