"""How a domain wires its mutation fields: a resolver, a description, who may call it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry

from db.models.users import Role
from schema.permissions import roles, signed_in


def mutation_field(resolver: Callable[..., Any], description: str | None, *who: Role) -> Any:
    """A mutation field for ``who`` (ADMIN holds every role), or for anyone signed in when
    no role is named (its use case then checks whose object it is)."""
    extensions = roles(*who) if who else signed_in()
    return strawberry.mutation(resolver=resolver, extensions=extensions, description=description)


def public_mutation_field(resolver: Callable[..., Any], description: str) -> Any:
    """A mutation field anyone may call, signed in or not (it checks its own token)."""
    return strawberry.mutation(resolver=resolver, description=description)
