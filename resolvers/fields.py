"""How a domain wires its mutation fields: a resolver, a description, who may call it (and
its query fields that fetch one object by id, ``node_field``).

Each field's description ends with who may call it, and its ``input`` argument is
described here, so every mutation documents both the same way: by the resolver's
docstring (what the input holds), else for an edit (an ``EditInput``) by the object it
edits, else by the mutation's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

import strawberry
from strawberry import relay

from db.models.users import Role
from resolvers.mutation import EditInput
from schema.nodes import node_by_id
from schema.permissions import roles, signed_in

SIGNED_IN = (
    "Any signed-in user may call it; whether they may act on this particular object is "
    "checked per object."
)
PUBLIC = "Needs no sign-in."


def mutation_field(resolver: Callable[..., Any], description: str | None, *who: Role) -> Any:
    """A mutation field for ``who`` (ADMIN holds every role), or for anyone signed in when
    no role is named (its use case then checks whose object it is)."""
    extensions = roles(*who) if who else signed_in()
    callers = _role_callers(who) if who else SIGNED_IN
    return _described(
        strawberry.mutation(
            resolver=resolver, extensions=extensions, description=_with(description, callers)
        )
    )


def public_mutation_field(resolver: Callable[..., Any], description: str) -> Any:
    """A mutation field anyone may call, signed in or not (it checks its own token)."""
    return _described(
        strawberry.mutation(resolver=resolver, description=_with(description, PUBLIC))
    )


def node_field(node: Any, description: str, id_description: str) -> Any:
    """A query field ``(id: ID!): <node>`` for anyone signed in: the ``node`` with this global
    ID as ``node(id:)`` answers it, null when missing, not the viewer's to see, or the id is
    another type's or malformed (never an error)."""

    async def resolve(info: strawberry.Info, id: relay.GlobalID) -> Any:
        return await node_by_id(info, node, id)

    resolve.__annotations__ = {
        "info": strawberry.Info,
        "id": Annotated[relay.GlobalID, strawberry.argument(description=id_description)],
        "return": node | None,
    }
    return strawberry.field(resolver=resolve, extensions=signed_in(), description=description)


def _role_callers(who: tuple[Role, ...]) -> str:
    named = " or ".join(role.value for role in who)
    if who == (Role.ADMIN,):
        return "Requires the role ADMIN."
    return f"Requires the role {named} (ADMIN holds every role)."


def _with(description: str | None, callers: str) -> str | None:
    """``description`` followed by who may call the field; None stays None (the field still
    needs a description of what it does)."""
    return None if description is None else f"{description.rstrip()} {callers}"


def _described(field: Any) -> Any:
    """``field`` with its ``input`` argument described, where its resolver does not."""
    resolver = field.base_resolver
    for argument in resolver.arguments:
        if argument.python_name == "input" and argument.description is None:
            argument.description = _input_description(
                resolver.name, argument.type, resolver.wrapped_func.__doc__
            )
    return field


def _input_description(resolver: str, input_type: Any, doc: str | None) -> str:
    """What the ``input`` of the mutation ``resolver`` holds: the resolver's docstring (on
    one line), the object an ``update_<object>`` edit changes, or a generic sentence."""
    if doc:
        return " ".join(doc.split())
    edited = resolver.removeprefix("update_")
    if isinstance(input_type, type) and issubclass(input_type, EditInput) and edited != resolver:
        return (
            f"The {edited.replace('_', ' ')} (`id`, the `version` you read) and the fields to"
            " change."
        )
    name = re.sub(r"_(\w)", lambda m: m.group(1).upper(), resolver)
    return (
        f"Everything `{name}` needs, in one object; its fields state their units, "
        "limits and defaults."
    )
