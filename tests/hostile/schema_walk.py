"""Walk an introspected schema into GraphQL documents with one hostile value each.

For every root field (query and mutation) and every argument, and recursively the
fields of input objects (to a bounded depth), a *position* is a path to one value.
A document for a position declares the field's arguments as variables and fills
every required value with a plausible baseline (a real global ID of the type the
argument names where one can be guessed), except the position, which gets a
hostile value. The selection is ``__typename`` plus ``userErrors { code field }``
where the payload has them, so the request exercises the resolver, not the output.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    get_named_type,
    get_nullable_type,
    is_input_object_type,
    is_list_type,
    is_non_null_type,
    print_type,
)

MAX_INPUT_DEPTH = 3
ONE_MB = 1_000_000
HUGE_LIST = 100_000


def gid(type_name: str, node_id: object) -> str:
    return base64.b64encode(f"{type_name}:{node_id}".encode()).decode()


HOSTILE_IDS: list[Any] = [
    "bad",
    "",
    gid("Quote", "abc"),
    gid("Quote", 2**31),
    gid("Quote", 10**30),
    gid("Quote", "-1"),
    gid("Quote", "²"),
    gid("NoSuchType", 1),
    gid("Query", 1),
    gid("UserError", 1),
    "\x00",
]
# Keyed by the scalar's name; "LIST" is used for any list position.
HOSTILE: dict[str, list[Any]] = {
    "String": ["", "x" * ONE_MB, "a\x00b", "\ud800", "\udfff tail", "Q-²", "💥" * 1000],
    "ID": HOSTILE_IDS,
    "Int": [2**31 - 1, -(2**31), -1, 0],
    "Decimal": [
        "NaN",
        "Infinity",
        "-Infinity",
        "1e-999999999",
        "1e999999999",
        "123456789012345678901234567890",
        "-0.0000000000000000000000001",
    ],
    "Date": ["9999-12-31", "0001-01-01", "2026-02-30"],
    "DateTime": ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00"],
    "CurrencyCode": ["", "XXX", "\x00"],
    "JSON": [{"a": "\x00"}, ["\ud800"]],
}
HOSTILE_KINDS = ("String", "ID", "Int", "Decimal", "Date", "DateTime", "LIST")


@dataclass(frozen=True)
class Position:
    """A path to one value: the argument name, then input-object field names."""

    root: str  # "query" or "mutation"
    field: str
    path: tuple[str, ...]
    kind: str  # a key of HOSTILE, or "LIST"

    @property
    def label(self) -> str:
        return f"{self.root}.{self.field}({'.'.join(self.path)}):{self.kind}"


@dataclass
class Baselines:
    """Plausible values: a real global ID per node type, found in the seeded data."""

    ids: Mapping[str, str]
    node_types: frozenset[str]

    def id_for(self, owner: str, name: str) -> str:
        """Guess the node type an ID argument names: ``quoteId`` → Quote,
        ``UpdateQuoteInput.id`` → Quote."""
        guess = None
        if name.endswith("Id") or name.endswith("Ids"):
            stem = name[:-2] if name.endswith("Id") else name[:-3]
            guess = _node_type_named(stem, self.node_types)
            if guess is None and stem in (
                "rep",
                "approver",
                "delegate",
                "user",
                "owner",
                "manager",
            ):
                guess = "User"
        if guess is None:
            guess = _node_type_in(owner, self.node_types)
        return self.ids.get(guess or "", gid("Quote", 1))


def _node_type_named(stem: str, node_types: frozenset[str]) -> str | None:
    wanted = stem[:1].upper() + stem[1:]
    matches = [t for t in node_types if t == wanted or t.endswith(wanted)]
    return min(matches, key=len) if matches else None


def _node_type_in(owner: str, node_types: frozenset[str]) -> str | None:
    """The longest node type name inside an input type's name (``EndPriceBookEntryInput``)."""
    matches = [t for t in node_types if t in owner]
    return max(matches, key=len) if matches else None


def baseline(
    type_: GraphQLInputType, owner: str, name: str, bases: Baselines, depth: int = 0
) -> Any:
    """A value of ``type_`` that passes parsing; ``None`` for nullable ones beyond the top."""
    if not is_non_null_type(type_):
        return None
    inner = get_nullable_type(type_)
    if isinstance(inner, GraphQLList):
        return []
    if isinstance(inner, GraphQLInputObjectType):
        return {
            fname: baseline(f.type, inner.name, fname, bases, depth + 1)
            for fname, f in inner.fields.items()
            if _required(f)
        }
    if isinstance(inner, GraphQLEnumType):
        return next(iter(inner.values))
    assert isinstance(inner, GraphQLScalarType)
    return scalar_baseline(inner.name, owner, name, bases)


def _required(field: Any) -> bool:
    from graphql.pyutils import Undefined

    return is_non_null_type(field.type) and field.default_value is Undefined


def scalar_baseline(scalar: str, owner: str, name: str, bases: Baselines) -> Any:
    if scalar == "ID":
        return bases.id_for(owner, name)
    return {
        "String": "hostile-suite",
        "Int": 1,
        "Float": 1.0,
        "Boolean": False,
        "Decimal": "1",
        "Date": "2026-01-15",
        "DateTime": "2026-01-15T10:00:00+00:00",
        "CurrencyCode": "USD",
        "JSON": {},
    }.get(scalar, "x")


def positions(
    schema: GraphQLSchema, root: str, field_name: str
) -> Iterator[tuple[Position, GraphQLInputType]]:
    root_type = schema.query_type if root == "query" else schema.mutation_type
    assert root_type is not None
    field = root_type.fields[field_name]
    for arg_name, arg in field.args.items():
        yield from _positions_in(root, field_name, (arg_name,), arg.type, 0)


def _positions_in(
    root: str, field: str, path: tuple[str, ...], type_: GraphQLInputType, depth: int
) -> Iterator[tuple[Position, GraphQLInputType]]:
    nullable = get_nullable_type(type_)
    if is_list_type(nullable):
        yield Position(root, field, path, "LIST"), type_
        item = nullable.of_type  # type: ignore[union-attr]
        if not is_input_object_type(get_nullable_type(item)):
            # A scalar list: one hostile item in a list of one.
            named = get_named_type(item)
            if named.name in HOSTILE:
                yield Position(root, field, (*path, "[0]"), named.name), item
            return
        if depth < MAX_INPUT_DEPTH:
            yield from _positions_in(root, field, (*path, "[0]"), item, depth + 1)
        return
    named = get_named_type(type_)
    if isinstance(named, GraphQLInputObjectType):
        if depth >= MAX_INPUT_DEPTH:
            return
        for fname, f in named.fields.items():
            yield from _positions_in(root, field, (*path, fname), f.type, depth + 1)
        return
    if named.name in HOSTILE:
        yield Position(root, field, path, named.name), type_


def selection(field: GraphQLField) -> str:
    named = get_named_type(field.type)
    if not isinstance(named, (GraphQLObjectType,)) and not hasattr(named, "fields"):
        return ""
    if isinstance(named, GraphQLObjectType) and "userErrors" in named.fields:
        return "{ __typename userErrors { code field } }"
    return "{ __typename }"


def document(schema: GraphQLSchema, root: str, field_name: str) -> str:
    root_type = schema.query_type if root == "query" else schema.mutation_type
    assert root_type is not None
    field = root_type.fields[field_name]
    declared = ", ".join(f"${name}: {_type_ref(arg.type)}" for name, arg in field.args.items())
    passed = ", ".join(f"{name}: ${name}" for name in field.args)
    head = f"{root} Hostile({declared})" if declared else f"{root} Hostile"
    call = f"{field_name}({passed})" if passed else field_name
    return f"{head} {{ {call} {selection(field)} }}"


def _type_ref(type_: GraphQLInputType) -> str:
    if isinstance(type_, GraphQLNonNull):
        return f"{_type_ref(type_.of_type)}!"
    if isinstance(type_, GraphQLList):
        return f"[{_type_ref(type_.of_type)}]"
    return type_.name  # type: ignore[union-attr]


def variables_with(
    schema: GraphQLSchema, position: Position, hostile: Any, bases: Baselines
) -> dict[str, Any]:
    """Baseline variables for the field, with the value at ``position`` replaced by ``hostile``."""
    root_type = schema.query_type if position.root == "query" else schema.mutation_type
    assert root_type is not None
    field = root_type.fields[position.field]
    owner = f"{position.field[:1].upper()}{position.field[1:]}"
    values: dict[str, Any] = {}
    for name, arg in field.args.items():
        value = baseline(arg.type, owner, name, bases)
        if value is not None:
            values[name] = value
    _put(values, position.path, hostile, field, bases)
    return values


def _put(
    values: dict[str, Any],
    path: tuple[str, ...],
    hostile: Any,
    field: GraphQLField,
    bases: Baselines,
) -> None:
    """Set the value at ``path``, building the containers on the way (with baselines)."""
    type_: Any = field.args[path[0]].type
    container: Any = values
    key: Any = path[0]
    for step in path[1:]:
        nullable = get_nullable_type(type_)
        current = container.get(key) if isinstance(container, dict) else container[key]
        if step == "[0]":
            type_ = nullable.of_type
            item_named = get_named_type(type_)
            if not isinstance(current, list) or not current:
                first = None
                if isinstance(item_named, GraphQLInputObjectType):
                    first = baseline(GraphQLNonNull(item_named), item_named.name, "", bases)
                current = [first]
                container[key] = current
            container, key = current, 0
            continue
        named = get_named_type(nullable)
        assert isinstance(named, GraphQLInputObjectType)
        if not isinstance(current, dict):
            current = baseline(GraphQLNonNull(named), named.name, "", bases)
            container[key] = current
        container, key = current, step
        type_ = named.fields[step].type
    container[key] = hostile


def hostile_values(position: Position, type_: GraphQLInputType, bases: Baselines) -> list[Any]:
    if position.kind == "LIST":
        item = get_nullable_type(type_).of_type  # type: ignore[union-attr]
        named = get_named_type(item)
        if isinstance(named, GraphQLInputObjectType):
            one = baseline(GraphQLNonNull(named), named.name, "", bases)
        elif isinstance(named, GraphQLEnumType):
            one = next(iter(named.values))
        else:
            one = scalar_baseline(named.name, position.field, position.path[-1], bases)
        return [[one] * HUGE_LIST]
    return list(HOSTILE[position.kind])


def describe(type_: Any) -> str:
    return print_type(get_named_type(type_))
