"""Simple resolvers called without strawberry's per-call argument machinery.

For every field with a resolver, strawberry's resolve function builds the ``Info``, converts
the arguments (``get_arguments``: even for a field that takes none), maps them through each
field extension, chains the extensions with ``functools.reduce`` and only then calls the
resolver through two more wrappers. An inbox page resolves some 250 such fields (a node's
``quote``, its ``owner`` and ``account``, ``plan``, ``myTurn``), all of them with no argument
and no extension: a good part of the page's CPU went to that chain.

A field is *lean* when none of it can apply: a resolver with no argument of its own (only
``self``, ``root``, ``parent`` and ``info``), no field extension (no permission), no
exception handler, not a subscription, and strawberry's own resolve function in place (not
wrapped since, as the input guard wraps fields that take text). Its graphql-core resolve
function is replaced by one that builds the same ``Info`` and calls the resolver with the
same parameters strawberry would pass: the resolver returns the same value (or awaitable),
raises the same errors, and graphql-core completes it as before. A schema extension that
hooks field resolution still wraps it (graphql-core's middleware wraps the resolve function
in force). Nothing changes for any other field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

_STRAWBERRY_RESOLVERS = frozenset({"_resolver", "_async_resolver"})
"""The names strawberry gives the resolve functions it builds for a field with a resolver."""


def lean_resolver(definition: StrawberryField, info_class: type) -> Callable[..., Any] | None:
    """The lean resolve function of ``definition``; None when the field is not lean."""
    resolver = definition.base_resolver
    if (
        resolver is None
        or definition.extensions
        or definition.is_subscription
        or resolver.arguments
        or not callable(resolver.wrapped_func)
    ):
        return None
    call = resolver.wrapped_func
    positional_source = resolver.self_parameter is not None
    source_names = tuple(
        parameter.name
        for parameter in (resolver.root_parameter, resolver.parent_parameter)
        if parameter is not None
    )
    info_name = None if resolver.info_parameter is None else resolver.info_parameter.name

    def lean(source: Any, info: GraphQLResolveInfo) -> Any:
        kwargs = dict.fromkeys(source_names, source)
        if info_name is not None:
            kwargs[info_name] = info_class(_raw_info=info, _field=definition)
        return call(source, **kwargs) if positional_source else call(**kwargs)

    lean._is_default = False  # type: ignore[attr-defined]  # as strawberry marks its own
    return lean


def use_lean_resolvers(schema: GraphQLSchema, info_class: type, handlers: Any) -> int:
    """Give every lean field of ``schema`` its lean resolve function; how many there are.
    None when the schema has exception handlers (``handlers``: strawberry's specs)."""
    if handlers:
        return 0
    count = 0
    for named in schema.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        if named is schema.subscription_type:
            continue
        for field in named.fields.values():
            definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if not isinstance(definition, StrawberryField) or field.args:
                continue
            if getattr(field.resolve, "__name__", None) not in _STRAWBERRY_RESOLVERS:
                continue
            lean = lean_resolver(definition, info_class)
            if lean is not None:
                field.resolve = lean
                count += 1
    return count
