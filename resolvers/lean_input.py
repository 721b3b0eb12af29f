"""Building a large input object (a batch of 1,000 activities) from its GraphQL value cheaply.

Strawberry converts an input value field by field, resolving each field's type and
GraphQL name again for every item of a list: for a batch of 1,000 activities that
was most of a second of CPU, several times what storing the batch costs. graphql-core
has already coerced and validated the value by then (scalars parsed, required fields
present, defaults filled in), so what is left is renaming fields and building the
classes. ``lean`` installs strawberry's ``from_input`` hook (the documented way a type
builds its own value) on an input class with a plan worked out once per type: for
each field, its GraphQL name, its Python name and how its value is converted.

The plan covers what these inputs use: scalars and enums (kept as coerced), relay
``GlobalID`` (parsed, a malformed one refused as strawberry refuses it), lists,
optional values and nested input objects (planned the same way). Any other field type
is refused when the plan is made, so a new kind of field cannot slip through unconverted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from strawberry.relay.types import GlobalID, GlobalIDValueError, InvalidGlobalIDError
from strawberry.scalars import is_scalar
from strawberry.types.arguments import InputContext
from strawberry.types.base import (
    StrawberryList,
    StrawberryMaybe,
    StrawberryOptional,
    StrawberryType,
    get_object_definition,
)
from strawberry.types.enum import StrawberryEnumDefinition

T = TypeVar("T", bound=type)
Convert = Callable[[Any], Any]
Plan = list[tuple[str, str, Convert | None]]
"""(GraphQL name, Python name, conversion or None to keep the coerced value) per field"""


def _global_id(value: Any) -> GlobalID:
    try:
        return GlobalID.from_id(value)
    except GlobalIDValueError as error:  # worded as strawberry words it
        raise InvalidGlobalIDError(f'Value cannot represent a GlobalID: "{value}".') from error


def _optional(convert: Convert) -> Convert:
    return lambda value: None if value is None else convert(value)


def _each(convert: Convert | None) -> Convert:
    if convert is None:
        return list
    return lambda values: [convert(value) for value in values]


def _conversion(type_: StrawberryType | type, context: InputContext) -> Convert | None:
    """How a coerced value of ``type_`` becomes its Python value (None: as it is)."""
    if isinstance(type_, StrawberryMaybe):
        raise TypeError("lean inputs do not support Maybe fields")
    if isinstance(type_, StrawberryOptional):
        inner = _conversion(type_.of_type, context)
        return None if inner is None else _optional(inner)
    if isinstance(type_, StrawberryList):
        return _each(_conversion(type_.of_type, context))
    if type_ is GlobalID:
        return _global_id
    if isinstance(type_, StrawberryEnumDefinition) or is_scalar(type_, context.scalar_registry):
        return None
    if isinstance(type_, type) and get_object_definition(type_) is not None:
        nested = _plan(type_, context)
        return lambda value: _build(type_, nested, value)
    raise TypeError(f"lean inputs do not support fields of type {type_!r}")


def _plan(cls: type, context: InputContext) -> Plan:
    definition = get_object_definition(cls, strict=True)
    names = context.config.name_converter
    return [
        (names.from_field(field), field.python_name, _conversion(field.type, context))
        for field in definition.fields
    ]


def _build(cls: type, plan: Plan, value: Mapping[str, Any]) -> Any:
    kwargs = {}
    for graphql_name, python_name, convert in plan:
        if graphql_name in value:
            item = value[graphql_name]
            kwargs[python_name] = item if convert is None else convert(item)
    return cls(**kwargs)


def lean(cls: T) -> T:
    """Make ``cls`` (a strawberry input) build itself from its plan; the class, for stacking."""
    plans: dict[type, Plan] = {}

    def from_input(built: type, value: Mapping[str, Any], context: InputContext) -> Any:
        plan = plans.get(built)
        if plan is None:
            plan = plans[built] = _plan(built, context)
        return _build(built, plan, value)

    get_object_definition(cls, strict=True).from_input = from_input
    return cls
