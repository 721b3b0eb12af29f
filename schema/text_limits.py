"""How long a String input may be: declared once with the field, documented in the SDL, enforced.

A String input field or argument declares its limit in its annotation,
``Annotated[str, MaxLength(5_000)]`` (the aliases below cover the usual sizes); one
that declares nothing gets ``DEFAULT_MAX_LENGTH``. ``text_limits(schema)`` reads the
declarations from the built schema, appends "At most N characters." to every such
field's description (so the SDL documents each limit), and returns the table the
``InputGuard`` extension (``schema.input_guard``) enforces.

Limits match the database columns where those are bounded (names 200/300, SKUs 64,
segments 50, idempotency keys 200) and are a few thousand to tens of thousands of
characters for free text stored as ``text`` (notes, terms, clause bodies).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from graphql import (
    GraphQLArgument,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.utils.typing import eval_type


@dataclass(frozen=True, slots=True)
class MaxLength:
    """The most characters (code points) a String input may hold."""

    characters: int


DEFAULT_MAX_LENGTH = 200

LongName = Annotated[str, MaxLength(300)]  # account, product, quote and clause titles (String(300))
Email = Annotated[str, MaxLength(254)]  # RFC 5321's limit on a forward path
Segment = Annotated[str, MaxLength(50)]  # segments, regions, channels (String(50))
Sku = Annotated[str, MaxLength(64)]  # SKUs and codes (String(64))
Family = Annotated[str, MaxLength(100)]  # product families, industries (String(100))
IdempotencyKey = Annotated[str, MaxLength(200)]  # idempotency_keys.key is String(200)
Reason = Annotated[str, MaxLength(500)]  # reasons and descriptions kept in String(500)
Address = Annotated[str, MaxLength(500)]  # postal addresses printed on quotes (String(500))
Comment = Annotated[str, MaxLength(5_000)]  # notes, comments, messages, justifications
Document = Annotated[str, MaxLength(20_000)]  # quote terms, clause bodies, product descriptions
Token = Annotated[str, MaxLength(2_000)]  # refresh and share tokens (signed, a few hundred chars)


@dataclass(frozen=True, slots=True)
class TextLimits:
    """Per input type field and per field argument: its limit (only String-valued ones)."""

    input_fields: dict[tuple[str, str], int]
    arguments: dict[tuple[str, str, str], int]

    def fields_with_text(self) -> frozenset[tuple[str, str]]:
        """``(parent type, field)`` pairs whose arguments reach a String, directly or inside inputs."""
        return frozenset((parent, field) for parent, field, _ in self.arguments) | self._through_inputs

    _through_inputs: frozenset[tuple[str, str]] = frozenset()


def text_limits(schema: strawberry.Schema) -> TextLimits:
    """Read every String input's limit, document it in its description, return the table."""
    gql = schema._schema
    input_fields: dict[tuple[str, str], int] = {}
    arguments: dict[tuple[str, str, str], int] = {}
    for type_ in gql.type_map.values():
        if type_.name.startswith("__"):
            continue
        if isinstance(type_, GraphQLInputObjectType):
            for name, field in type_.fields.items():
                if _is_text(field):
                    input_fields[type_.name, name] = _document(field)
        elif isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType)):
            for field_name, field in type_.fields.items():
                for arg_name, arg in field.args.items():
                    if _is_text(arg):
                        arguments[type_.name, field_name, arg_name] = _document(arg)
    through = frozenset(_fields_reaching_inputs(gql, input_fields))
    return TextLimits(input_fields, arguments, through)


def _is_text(value: GraphQLInputField | GraphQLArgument) -> bool:
    return get_named_type(value.type).name == "String"


def _document(value: GraphQLInputField | GraphQLArgument) -> int:
    limit = declared_limit(value.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF))
    each = "Each at most" if is_list_type(get_nullable_type(value.type)) else "At most"
    note = f"{each} {limit:,} characters."
    if note not in (value.description or ""):
        value.description = f"{value.description.rstrip()} {note}" if value.description else note
    return limit


def declared_limit(definition: Any) -> int:
    """The ``MaxLength`` in a strawberry field's or argument's annotation, else the default."""
    annotation = getattr(definition, "type_annotation", None)
    if annotation is None:
        return DEFAULT_MAX_LENGTH
    raw = annotation.raw_annotation
    if isinstance(raw, str):
        raw = eval_type(typing.ForwardRef(raw), annotation.namespace, None)
    found = next(_max_lengths(raw), None)
    return found.characters if found is not None else DEFAULT_MAX_LENGTH


def _max_lengths(annotation: Any) -> Iterator[MaxLength]:
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, MaxLength):
            yield meta
    for inner in typing.get_args(annotation):
        yield from _max_lengths(inner)


def _fields_reaching_inputs(
    gql: GraphQLSchema, input_fields: dict[tuple[str, str], int]
) -> Iterator[tuple[str, str]]:
    with_text = {type_name for type_name, _ in input_fields}
    reaches: dict[str, bool] = {}

    def reaches_text(input_type: GraphQLInputObjectType, seen: frozenset[str] = frozenset()) -> bool:
        if input_type.name in reaches:
            return reaches[input_type.name]
        found = input_type.name in with_text or any(
            isinstance(t := get_named_type(f.type), GraphQLInputObjectType)
            and t.name not in seen
            and reaches_text(t, seen | {input_type.name})
            for f in input_type.fields.values()
        )
        reaches[input_type.name] = found
        return found

    for type_ in gql.type_map.values():
        if isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType)) and not type_.name.startswith("__"):
            for field_name, field in type_.fields.items():
                if any(
                    isinstance(t := get_named_type(a.type), GraphQLInputObjectType) and reaches_text(t)
                    for a in field.args.values()
                ):
                    yield type_.name, field_name
