"""Plain leaf fields answered without graphql-core's per-field machinery.

Most of a large answer is leaves read straight off a value: a priced line's ``quantity``,
a ``Money``'s ``amount`` and ``currency``, a waterfall step's ``kind`` and ``label``. For each
one graphql-core builds a resolve-info object, strawberry calls its basic-field resolver
(``getattr``), and the value goes through three levels of ``complete_value`` before its scalar
serializes it: a 50-line ``previewDeal`` pays that some 1,400 times per request.

A field is *plain* when strawberry itself would answer it with ``getattr(source, name)``: no
resolver, no field extension (permission), no argument, no exception handler, the config's
default resolver, and a scalar or enum type (nullable or not). For those, ``PlainLeafExecutor``
reads the attribute and completes the leaf directly: the same value, the same null check and
message for a non-null field, the same error handling (``handle_field_error``). Every other
field, and every field when a schema extension hooks field resolution (a middleware), takes
graphql-core's usual path. The table of plain fields is built once per schema
(``index_plain_leaves``), after every resolver wrapping is done.

If graphql-core's ``execute_field`` ever changes its parameters, ``executor_class`` returns
strawberry's own executor and nothing is skipped (``test_plain_leaves`` notices).
"""

from __future__ import annotations

import inspect
from typing import Any

from graphql import (
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    Undefined,
    is_leaf_type,
    is_non_null_type,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

EXTENSION_KEY = "dealdesk.plain_leaves"
"""Where the table lives in the graphql-core schema's ``extensions``."""

_BASIC_RESOLVER = "_get_basic_result"
"""The name strawberry gives the resolver of a field it answers with its default resolver."""

PlainLeaf = tuple[str, GraphQLLeafType, bool]
"""A plain field: the Python attribute, its leaf type, and whether it is non-null."""


def _plain(field: Any) -> PlainLeaf | None:
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
        return None
    if field.args or getattr(field.resolve, "__name__", None) != _BASIC_RESOLVER:
        return None  # wrapped after strawberry built it (the input guard), or not its basic one
    non_null = is_non_null_type(field.type)
    leaf = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    if not is_leaf_type(leaf) or definition.python_name is None:
        return None
    return definition.python_name, leaf, non_null


def index_plain_leaves(schema: GraphQLSchema, default_resolver: Any) -> int:
    """Find the plain leaf fields of every object type; how many there are. Nothing is
    indexed unless the default resolver is ``getattr`` (the one this executor assumes)."""
    table: dict[GraphQLObjectType, dict[str, PlainLeaf]] = {}
    if default_resolver is getattr:
        for named in schema.type_map.values():
            if isinstance(named, GraphQLObjectType) and not named.name.startswith("__"):
                found = {name: p for name, f in named.fields.items() if (p := _plain(f))}
                if found:
                    table[named] = found
    schema.extensions = {**(schema.extensions or {}), EXTENSION_KEY: table}
    return sum(len(fields) for fields in table.values())


class PlainLeafExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, answering plain leaf fields directly (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        table = (self.schema.extensions or {}).get(EXTENSION_KEY)
        hooked = bool(getattr(self.middleware_manager, "middlewares", None))
        self._plain: dict[GraphQLObjectType, dict[str, PlainLeaf]] = (
            {} if hooked or table is None else table
        )

    def execute_field(  # type: ignore[override]
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        *rest: Any,
    ) -> Any:
        fields = self._plain.get(parent_type)
        if fields is not None:
            node = field_details_list[0].node
            plain = fields.get(node.name.value)
            if plain is not None and not node.arguments:
                attribute, leaf, non_null = plain
                try:
                    result = getattr(source, attribute)
                    if isinstance(result, Exception):
                        raise result
                    if result is None or result is Undefined:
                        if non_null:
                            msg = (
                                "Cannot return null for non-nullable field"
                                f" {parent_type}.{node.name.value}."
                            )
                            raise TypeError(msg)
                        return None
                    return self.complete_leaf_value(leaf, result)
                except Exception as raw_error:
                    field_type = parent_type.fields[node.name.value].type
                    self.handle_field_error(raw_error, field_type, field_details_list, path)
                    return None
        return super().execute_field(parent_type, source, field_details_list, path, *rest)


_EXPECTED = ["self", "parent_type", "source", "field_details_list", "path", "position_context"]


def executor_class() -> type[StrawberryGraphQLCoreExecutionContext]:
    """``PlainLeafExecutor`` where graphql-core's ``execute_field`` has the parameters it
    overrides; strawberry's own executor otherwise."""
    base = StrawberryGraphQLCoreExecutionContext.execute_field
    if list(inspect.signature(base).parameters) != _EXPECTED:
        return StrawberryGraphQLCoreExecutionContext
    return PlainLeafExecutor
