"""Plain fields answered without graphql-core's per-field resolver machinery.

Most of a large answer is values read straight off a value: a priced line's ``quantity``,
its ``netAmount`` and that ``Money``'s ``amount`` and ``currency``, a waterfall step's ``kind``
and ``label``. For each one graphql-core builds a resolve-info object, strawberry calls its
basic-field resolver (``getattr``) through two wrappers, and the value goes through nested
``complete_value`` calls: a 50-line ``previewDeal`` pays that some 1,700 times per request.

A field is *plain* when strawberry itself would answer it with ``getattr(source, name)``: no
resolver, no field extension (permission), no argument, no exception handler, the config's
default resolver; and its type is a scalar, an enum or an object type without ``is_type_of``
(nullable or not), or a list of non-null such items (interfaces, unions and lists of
nullable items are not plain). For those, ``PlainLeafExecutor`` reads the attribute and
completes it directly: a leaf through ``complete_leaf_value``, an object through
``collect_and_execute_subfields`` (its own fields take the same path), a list's items through
graphql-core's ``complete_iterable_value`` (not for a list field with a directive, which
might stream), with the same null check and message for a non-null field and the same
error handling (``handle_field_error``, also for an awaited object). Every other field, and
every field when a schema extension hooks field resolution (a middleware), takes
graphql-core's usual path. The table of plain fields is built once per schema
(``index_plain_leaves``), after every resolver wrapping is done.

A whole subtree of plain fields goes further: when every field selected on an object is plain
(or ``__typename``), with no argument, directive or defer anywhere below, completing that
object is compiled once per request and selection into a small plan (``_flat_plan``) and run
as one tight loop of attribute reads and leaf coercions (``_complete_flat``), with no
``execute_fields``, path or ``complete_value`` per field. Anything the loop does not expect
(a null where the schema says non-null, an ``Exception`` value, a leaf its scalar refuses,
something not iterable where a list goes) abandons the loop's partial answer and completes
the object the usual way, which reads the same attributes again and reports the error exactly
as graphql-core does: plain fields read attributes only, so reading twice changes nothing.

If graphql-core's ``execute_field`` ever changes its parameters, ``executor_class`` returns
strawberry's own executor and nothing is skipped (``tests/schema/test_plain_leaves.py``).
"""

from __future__ import annotations

import inspect
from typing import Any, NamedTuple, cast

from graphql import (
    GraphQLError,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    Undefined,
    is_leaf_type,
    is_non_null_type,
)
from graphql.pyutils import is_iterable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from schema.async_work import acyclic_helpers

EXTENSION_KEY = "dealdesk.plain_leaves"
"""Where the table lives in the graphql-core schema's ``extensions``."""

_BASIC_RESOLVER = "_get_basic_result"
"""The name strawberry gives the resolver of a field it answers with its default resolver."""

PlainField = tuple[str, GraphQLLeafType | GraphQLObjectType | GraphQLList[Any], bool]
"""A plain field: the Python attribute, its leaf, object or plain list type, and whether it is
non-null."""


def _plain_named(named: Any) -> bool:
    return is_leaf_type(named) or (isinstance(named, GraphQLObjectType) and not named.is_type_of)


def _plain_list(named: Any) -> bool:
    """A list of non-null plain items (``[String!]``, ``[ApprovalLevel!]``): an item's error
    then nulls the whole list in graphql-core too, so completing the items the usual way
    (``complete_iterable_value``) without a resolve-info object changes nothing."""
    return (
        isinstance(named, GraphQLList)
        and isinstance(named.of_type, GraphQLNonNull)
        and _plain_named(named.of_type.of_type)
    )


def _plain(field: Any) -> PlainField | None:
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
        return None
    if field.args or getattr(field.resolve, "__name__", None) != _BASIC_RESOLVER:
        return None  # wrapped after strawberry built it (the input guard), or not its basic one
    non_null = is_non_null_type(field.type)
    named = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    if definition.python_name is None:
        return None
    if _plain_named(named) or _plain_list(named):
        return definition.python_name, named, non_null
    return None  # a list of nullable or unplain items, an interface or union, or an object
    # that checks its values


def index_plain_leaves(schema: GraphQLSchema, default_resolver: Any) -> int:
    """Find the plain fields of every object type; how many there are. Nothing is indexed
    unless the default resolver is ``getattr`` (the one this executor assumes)."""
    table: dict[GraphQLObjectType, dict[str, PlainField]] = {}
    if default_resolver is getattr:
        for named in schema.type_map.values():
            if isinstance(named, GraphQLObjectType) and not named.name.startswith("__"):
                found = {name: p for name, f in named.fields.items() if (p := _plain(f))}
                if found:
                    table[named] = found
    schema.extensions = {**(schema.extensions or {}), EXTENSION_KEY: table}
    return sum(len(fields) for fields in table.values())


_TYPENAME, _LEAF, _OBJECT, _LEAF_LIST, _OBJECT_LIST = range(5)

FlatStep = tuple[str, str, int, Any, bool, Any]
"""One selected field of a flat plan: response name, attribute, kind (``_TYPENAME`` ...), the
leaf type (of the field or of its items; the type's name for ``__typename``), whether it is
non-null, and the nested plan of an object or of a list's objects."""


class _Bail(Exception):
    """The flat loop met something only graphql-core's usual path reports correctly."""


def _complete_flat(plan: tuple[FlatStep, ...], source: Any) -> dict[str, Any]:
    """An object's answer under a flat plan; raises ``_Bail`` where the usual path must
    decide (see the module)."""
    out: dict[str, Any] = {}
    for name, attribute, kind, named, non_null, nested in plan:
        if kind == _TYPENAME:
            out[name] = named
            continue
        value = getattr(source, attribute)
        if value is None or value is Undefined:
            if non_null:
                raise _Bail
            out[name] = None
        elif isinstance(value, Exception):
            raise _Bail
        elif kind == _LEAF:
            coerced = named.coerce_output_value(value)
            if coerced is None or coerced is Undefined:
                raise _Bail
            out[name] = coerced
        elif kind == _OBJECT:
            out[name] = _complete_flat(nested, value)
        elif not is_iterable(value):
            raise _Bail
        elif kind == _OBJECT_LIST:
            items = []
            for item in value:
                if item is None or isinstance(item, Exception):
                    raise _Bail
                items.append(_complete_flat(nested, item))
            out[name] = items
        else:
            leaves = []
            for item in value:
                if item is None or isinstance(item, Exception):
                    raise _Bail
                coerced = named.coerce_output_value(item)
                if coerced is None or coerced is Undefined:
                    raise _Bail
                leaves.append(coerced)
            out[name] = leaves
    return out


class _Names(NamedTuple):
    """What completing a plain list's items reads of a resolve-info object."""

    parent_type: GraphQLObjectType
    field_name: str


class PlainLeafExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, answering plain fields directly (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.async_helpers = acyclic_helpers(self)  # no cycle: see ``schema.async_work``
        table = (self.schema.extensions or {}).get(EXTENSION_KEY)
        hooked = bool(getattr(self.middleware_manager, "middlewares", None))
        self._plain: dict[GraphQLObjectType, dict[str, PlainField]] = (
            {} if hooked or table is None else table
        )
        # (type, id(field details)) -> (the field details kept alive, plan or None)
        self._flat: dict[tuple[GraphQLObjectType, int], tuple[Any, Any]] = {}

    def _flat_plan(
        self, return_type: GraphQLObjectType, field_details_list: Any
    ) -> tuple[FlatStep, ...] | None:
        """The flat plan of completing ``return_type`` under this selection, once per
        request and selection; None when some field below is not plain."""
        key = (return_type, id(field_details_list))
        cached = self._flat.get(key)
        if cached is not None:
            return cast("tuple[FlatStep, ...] | None", cached[1])
        plan = self._compile_flat(return_type, field_details_list)
        self._flat[key] = (field_details_list, plan)
        return plan

    def _compile_flat(
        self, return_type: GraphQLObjectType, field_details_list: Any
    ) -> tuple[FlatStep, ...] | None:
        fields = self._plain.get(return_type)
        if fields is None:
            return None
        grouped, defers, forbidden = self.collect_subfields(return_type, field_details_list)
        if defers or forbidden:
            return None
        plan: list[FlatStep] = []
        for name, details in grouped.items():
            for detail in details:
                if detail.defer_usage is not None or detail.node.directives:
                    return None
                if detail.node.arguments:
                    return None
            field_name = details[0].node.name.value
            if field_name == "__typename":
                plan.append((name, "", _TYPENAME, return_type.name, True, None))
                continue
            plain = fields.get(field_name)
            if plain is None:
                return None
            attribute, named, non_null = plain
            if isinstance(named, GraphQLList):
                item = named.of_type.of_type
                if isinstance(item, GraphQLObjectType):
                    nested = self._flat_plan(item, details)
                    if nested is None:
                        return None
                    plan.append((name, attribute, _OBJECT_LIST, None, non_null, nested))
                else:
                    plan.append((name, attribute, _LEAF_LIST, item, non_null, None))
            elif isinstance(named, GraphQLObjectType):
                nested = self._flat_plan(named, details)
                if nested is None:
                    return None
                plan.append((name, attribute, _OBJECT, None, non_null, nested))
            else:
                plan.append((name, attribute, _LEAF, named, non_null, None))
        return tuple(plan)

    def collect_and_execute_subfields(  # type: ignore[override]
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        path: Any,
        result: Any,
        *rest: Any,
    ) -> Any:
        plan = self._flat_plan(return_type, field_details_list) if self._plain else None
        if plan is not None:
            try:
                return _complete_flat(plan, result)
            except Exception:  # the usual path reports it (see the module)
                pass
        return super().collect_and_execute_subfields(
            return_type, field_details_list, path, result, *rest
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
            # A list with a directive may be streamed: graphql-core's path, which needs the info.
            if (
                plain is not None
                and not node.arguments
                and not (node.directives and isinstance(plain[1], GraphQLList))
            ):
                return self._plain_field(parent_type, source, field_details_list, path, plain, rest)
        return super().execute_field(parent_type, source, field_details_list, path, *rest)

    def _plain_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        plain: PlainField,
        rest: tuple[Any, ...],
    ) -> Any:
        """What ``execute_field`` and ``complete_value`` make of a plain field, minus the
        resolve-info object and the resolver call: the same value, null check and errors."""
        attribute, named, non_null = plain
        try:
            result = getattr(source, attribute)
            if isinstance(result, Exception):
                raise result
            if result is None or result is Undefined:
                if non_null:
                    msg = (
                        "Cannot return null for non-nullable field"
                        f" {parent_type}.{field_details_list[0].node.name.value}."
                    )
                    raise TypeError(msg)
                return None
            if isinstance(named, GraphQLList):
                if not is_iterable(result):
                    msg = (
                        "Expected Iterable, but did not find one for field"
                        f" '{parent_type}.{field_details_list[0].node.name.value}'."
                    )
                    raise GraphQLError(msg)
                # No stream (no directive): plain items read only the names in the info, for
                # the message about a null item.
                named_only = _Names(parent_type, field_details_list[0].node.name.value)
                completed = self.complete_iterable_value(
                    named.of_type, field_details_list, named_only, path, result, *rest
                )
            elif not isinstance(named, GraphQLObjectType):
                return self.complete_leaf_value(named, result)
            else:
                completed = self.collect_and_execute_subfields(
                    named, field_details_list, path, result, *rest
                )
            if self.is_awaitable(completed):
                return self._settled(completed, parent_type, field_details_list, path)
            return completed
        except Exception as raw_error:
            self._field_error(raw_error, parent_type, field_details_list, path)
            return None

    async def _settled(
        self, completed: Any, parent_type: GraphQLObjectType, field_details_list: Any, path: Any
    ) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self._field_error(raw_error, parent_type, field_details_list, path)
            return None

    def _field_error(
        self,
        raw_error: Exception,
        parent_type: GraphQLObjectType,
        field_details_list: Any,
        path: Any,
    ) -> None:
        field_type = parent_type.fields[field_details_list[0].node.name.value].type
        self.handle_field_error(raw_error, field_type, field_details_list, path)


_EXPECTED = ["self", "parent_type", "source", "field_details_list", "path", "position_context"]
_EXPECTED_SUBFIELDS = [
    "self",
    "return_type",
    "field_details_list",
    "path",
    "result",
    "position_context",
]
_EXPECTED_ITEMS = [
    "self",
    "item_type",
    "field_details_list",
    "info",
    "path",
    "items",
    "position_context",
]


def executor_class() -> type[StrawberryGraphQLCoreExecutionContext]:
    """``PlainLeafExecutor`` where graphql-core's ``execute_field`` and
    ``complete_iterable_value`` have the parameters it overrides and calls; strawberry's own
    executor otherwise."""
    base = StrawberryGraphQLCoreExecutionContext
    if (
        list(inspect.signature(base.execute_field).parameters) != _EXPECTED
        or list(inspect.signature(base.complete_iterable_value).parameters) != _EXPECTED_ITEMS
        or list(inspect.signature(base.collect_and_execute_subfields).parameters)
        != _EXPECTED_SUBFIELDS
    ):
        return StrawberryGraphQLCoreExecutionContext
    return PlainLeafExecutor
