"""The one guard on every string and list a client sends.

Before execution, every string in the operation's variables and literal
arguments is checked: a NUL character (PostgreSQL cannot store it), a lone UTF-16
surrogate (not a character; UTF-8 cannot encode it) or more than the hard cap of
characters refuses the whole operation with a top-level ``BAD_USER_INPUT`` that
names where the value was; so does a list longer than the hard cap on items
(before graphql-core spends seconds coercing 100,000 input objects). Nothing
executes.

Then, as a field whose arguments reach a String resolves, every String value is
held to its declared limit (``schema.text_limits``): a mutation answers an
``INVALID`` userError with the path of the input field (``["input", "terms"]``) in
its usual payload; a query answers a top-level ``BAD_USER_INPUT`` naming the
argument. That check wraps the resolvers of those fields only, once, when the
schema is built (``guard_text_fields``): an extension ``resolve`` hook would wrap
every field of every request (and put each through strawberry's middleware), which
cost more than answering a small query does.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    Visitor,
    default_field_resolver,
    get_named_type,
    get_nullable_type,
    is_list_type,
    visit,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryOptional

from schema.errors import BadUserInput, ErrorCode, user_error
from schema.text_limits import TextLimits

DEFAULT_MAX_STRING_LENGTH = 100_000
DEFAULT_MAX_LIST_LENGTH = 10_000  # a quote of 5,000 lines is a benchmarked size
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def refusal(value: str, max_length: int) -> str | None:
    """Why ``value`` can never be accepted anywhere, or ``None``."""
    if len(value) > max_length:
        return f"is longer than {max_length:,} characters"
    found = _UNSTORABLE.search(value)
    if found is None:
        return None
    return (
        "contains a NUL character"
        if found.group() == "\x00"
        else "contains a lone UTF-16 surrogate"
    )


def _values(value: Any, path: str, max_list: int) -> Iterator[tuple[str, str | list[Any]]]:
    """Every string (keys too) and every list in a JSON value, with its path.

    An oversized list is yielded but not entered: it is refused whatever it holds.
    """
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield f"{path}.{key}", key
            yield from _values(item, f"{path}.{key}", max_list)
    elif isinstance(value, list):
        yield path, value
        if len(value) <= max_list:
            for index, item in enumerate(value):
                yield from _values(item, f"{path}[{index}]", max_list)


def _any_refused(value: Any, max_string: int, max_list: int) -> bool:
    """Whether ``_values`` would yield anything ``_refusal_of`` refuses: the same walk without
    building a path for every value (a batch of 1,000 inputs holds thousands)."""
    if isinstance(value, str):
        return len(value) > max_string or _UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (len(key) > max_string or _UNSTORABLE.search(key)):
                return True
            if _any_refused(item, max_string, max_list):
                return True
        return False
    if isinstance(value, list):
        if len(value) > max_list:
            return True
        for item in value:
            if _any_refused(item, max_string, max_list):
                return True
    return False


def _literal_values(document: DocumentNode) -> Iterator[tuple[str, str | list[Any]]]:
    found: list[tuple[str, str | list[Any]]] = []

    def walk(node: ValueNode, path: str) -> None:
        if isinstance(node, StringValueNode):
            found.append((path, node.value))
        elif isinstance(node, ListValueNode):
            found.append((path, list(node.values)))
            for index, item in enumerate(node.values):
                walk(item, f"{path}[{index}]")
        elif isinstance(node, ObjectValueNode):
            for field in node.fields:
                walk(field.value, f"{path}.{field.name.value}")

    class Arguments(Visitor):
        def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
            walk(node.value, node.name.value)

    visit(document, Arguments())
    yield from found


def _refusal_of(value: str | list[Any], max_string: int, max_list: int) -> str | None:
    if isinstance(value, list):
        return f"has more than {max_list:,} items" if len(value) > max_list else None
    return refusal(value, max_string)


def _refused_literals(
    document: DocumentNode, max_string: int, max_list: int
) -> tuple[tuple[str, str], ...]:
    """(argument path, reason) for each literal argument value refused, in document order."""
    found = (
        (path, _refusal_of(value, max_string, max_list))
        for path, value in _literal_values(document)
    )
    return tuple((path, reason) for path, reason in found if reason is not None)


class RefusedLiterals:
    """``_refused_literals`` remembered per document text (least recently used out): the
    literals are the document's own, so a phone sending the same few documents again
    and again has them walked once. Nothing is remembered for a document without text."""

    def __init__(self, max_entries: int = 512) -> None:
        self._known: OrderedDict[tuple[str, int, int], tuple[tuple[str, str], ...]] = OrderedDict()
        self._max_entries = max_entries

    def __call__(
        self, text: str | None, document: DocumentNode, max_string: int, max_list: int
    ) -> tuple[tuple[str, str], ...]:
        if text is None:
            return _refused_literals(document, max_string, max_list)
        key = (text, max_string, max_list)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = _refused_literals(document, max_string, max_list)
            if len(self._known) > self._max_entries:
                self._known.popitem(last=False)
        else:
            self._known.move_to_end(key)
        return found


def refused_values(
    document: DocumentNode | None,
    variables: dict[str, Any] | None,
    max_string: int,
    max_list: int,
    *,
    text: str | None = None,
    literals: RefusedLiterals | None = None,
) -> list[GraphQLError]:
    """A ``BAD_USER_INPUT`` for each string or list no field could accept (at most ten);
    with ``literals`` and the document's ``text``, the literal arguments' verdict is
    remembered per text."""
    errors: list[GraphQLError] = []
    checked = variables or {}
    for path, value in (
        _values(checked, "", max_list) if _any_refused(checked, max_string, max_list) else ()
    ):
        reason = _refusal_of(value, max_string, max_list)
        if reason is not None:
            where = f"${path.lstrip('.')}"
            errors.append(BadUserInput(f"The value of `{where}` {reason}.", argument=where))
    if document is not None:
        refused = (
            literals(text, document, max_string, max_list)
            if literals is not None
            else _refused_literals(document, max_string, max_list)
        )
        for path, reason in refused:
            errors.append(BadUserInput(f"The argument `{path}` {reason}.", argument=path))
    return errors[:10]


class TooLong(Exception):
    def __init__(self, path: list[str], limit: int) -> None:
        super().__init__(f"At most {limit:,} characters.")
        self.path = path
        self.limit = limit


def _check(
    value: Any, type_: GraphQLInputType, path: list[str], limit: int | None, limits: TextLimits
) -> None:
    if value is None:
        return
    nullable = get_nullable_type(type_)
    if is_list_type(nullable):
        if isinstance(value, list):
            for index, item in enumerate(value):
                _check(item, nullable.of_type, [*path, str(index)], limit, limits)  # type: ignore[union-attr]
        return
    named = get_named_type(type_)
    if isinstance(named, GraphQLInputObjectType) and isinstance(value, dict):
        for key, item in value.items():
            field = named.fields.get(key)
            if field is not None:
                _check(
                    item,
                    field.type,
                    [*path, key],
                    limits.input_fields.get((named.name, key)),
                    limits,
                )
        return
    if limit is not None and isinstance(value, str) and len(value) > limit:
        raise TooLong(path, limit)


def _too_long(value: Any, type_: GraphQLInputType, limit: int | None, limits: TextLimits) -> bool:
    """Whether ``_check`` would raise: the same walk without a path per value."""
    if value is None:
        return False
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if isinstance(type_, GraphQLList):
        if isinstance(value, list):
            inner = type_.of_type
            for item in value:
                if _too_long(item, inner, limit, limits):
                    return True
        return False
    if isinstance(type_, GraphQLInputObjectType):
        if isinstance(value, dict):
            fields, name = type_.fields, type_.name
            for key, item in value.items():
                field = fields.get(key)
                if field is not None and _too_long(
                    item, field.type, limits.input_fields.get((name, key)), limits
                ):
                    return True
        return False
    return limit is not None and isinstance(value, str) and len(value) > limit


def input_guard(
    max_string_length: int = DEFAULT_MAX_STRING_LENGTH,
    max_list_length: int = DEFAULT_MAX_LIST_LENGTH,
) -> Callable[[], SchemaExtension]:
    """A factory for the extension holding every request to the hard caps, once per operation."""
    literals = RefusedLiterals()

    class InputGuard(SchemaExtension):
        def on_execute(self) -> Iterator[None]:
            context = self.execution_context
            errors = refused_values(
                context.graphql_document,
                context.variables,
                max_string_length,
                max_list_length,
                text=context.query if isinstance(context.query, str) else None,
                literals=literals,
            )
            if errors:
                context.result = ExecutionResult(data=None, errors=errors)
            yield

    return InputGuard


def guard_text_fields(schema: GraphQLSchema, limits: TextLimits) -> None:
    """Hold the arguments of every field that takes text to their declared limits.

    Each such field's resolver is wrapped here, once; fields without text arguments keep
    theirs untouched, so they cost nothing per request.
    """
    for parent, name in limits.fields_with_text():
        parent_type = schema.type_map.get(parent)
        if isinstance(parent_type, GraphQLObjectType) and name in parent_type.fields:
            field = parent_type.fields[name]
            field.resolve = _guarded(field.resolve or default_field_resolver, field, limits)


def _guarded(
    resolve: Callable[..., Any], field: GraphQLField, limits: TextLimits
) -> Callable[..., Any]:
    def guarded(root: Any, info: GraphQLResolveInfo, *args: Any, **kwargs: Any) -> Any:
        if kwargs:
            parent = info.parent_type.name
            try:
                for name, value in kwargs.items():
                    arg = field.args.get(name)
                    if arg is not None:
                        limit = limits.arguments.get((parent, info.field_name, name))
                        if _too_long(value, arg.type, limit, limits):
                            _check(value, arg.type, [name], limit, limits)
            except TooLong as exc:
                return _refuse(info, exc)
        return resolve(root, info, *args, **kwargs)

    return guarded


def _refuse(info: GraphQLResolveInfo, exc: TooLong) -> Any:
    """A mutation's payload with an INVALID userError; for anything else a BAD_USER_INPUT."""
    message = f"`{'.'.join(exc.path)}` is too long: at most {exc.limit:,} characters."
    if info.operation.operation.value == "mutation" and info.path.prev is None:
        definition = info.parent_type.fields[info.field_name].extensions.get(
            GraphQLCoreConverter.DEFINITION_BACKREF
        )
        payload = getattr(definition, "type", None)
        if isinstance(payload, StrawberryOptional):
            payload = payload.of_type
        try:
            return payload(user_errors=[user_error(ErrorCode.INVALID, message, exc.path)])  # type: ignore[misc]
        except TypeError:
            pass  # a payload that cannot be built empty: fall back to the top-level error
    raise BadUserInput(message, argument=".".join(exc.path))
