"""Typed product attributes (choice, number, boolean, text) and checking a rep's values.

A value's Python type follows its attribute's type (NUMBER is a Decimal, never
a binary float), so attribute constraints compare like with like.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from pricing.configuration_rules import AttributeScalar, ConfigurationViolation, ViolationCode


class AttributeType(Enum):
    """The type of a product attribute, which decides the Python type of its value."""

    CHOICE = "CHOICE"
    NUMBER = "NUMBER"
    BOOLEAN = "BOOLEAN"
    TEXT = "TEXT"

    def admits(self, value: AttributeScalar) -> bool:
        """Whether ``value`` has this type's Python type (a NUMBER is a finite Decimal)."""
        match self:
            case AttributeType.NUMBER:
                return type(value) is Decimal and value.is_finite()
            case AttributeType.BOOLEAN:
                return type(value) is bool
            case AttributeType.CHOICE | AttributeType.TEXT:
                return type(value) is str


@dataclass(frozen=True, slots=True)
class AttributeDefinition:
    """A typed attribute a rep sets when configuring a product (e.g. ``storage_tb``)."""

    code: str
    name: str
    type: AttributeType
    choices: tuple[str, ...] = ()
    required: bool = False

    def __post_init__(self) -> None:
        if (self.type is AttributeType.CHOICE) != bool(self.choices):
            raise ValueError(f"attribute {self.code}: choices go with, and only with, CHOICE")

    def accepts(self, value: AttributeScalar) -> bool:
        """Whether ``value`` has this attribute's type (and is one of its choices)."""
        if not self.type.admits(value):
            return False
        return self.type is not AttributeType.CHOICE or value in self.choices

    def expectation(self) -> str:
        """What a valid value looks like, for a violation message."""
        if self.type is AttributeType.CHOICE:
            return "one of " + ", ".join(f"'{c}'" for c in self.choices)
        return _EXPECTED[self.type]


_EXPECTED = {
    AttributeType.NUMBER: "a number",
    AttributeType.BOOLEAN: "yes or no",
    AttributeType.TEXT: "text",
}


@dataclass(frozen=True, slots=True)
class AttributeValue:
    """The value a rep set for one attribute of the configured product."""

    code: str
    value: AttributeScalar


def check_attributes(
    definitions: tuple[AttributeDefinition, ...],
    product_name: str,
    given: tuple[AttributeValue, ...],
    violations: list[ConfigurationViolation],
) -> dict[str, AttributeScalar]:
    """Type-check attribute values; return the valid ones for the attribute constraints."""
    by_code = {definition.code: definition for definition in definitions}
    values: dict[str, AttributeScalar] = {}
    seen: set[str] = set()
    for item in given:
        definition = by_code.get(item.code)
        if definition is None:
            violations.append(
                ConfigurationViolation(
                    ViolationCode.UNKNOWN_ATTRIBUTE,
                    f"'{product_name}' has no attribute '{item.code}'.",
                    attribute=item.code,
                )
            )
        elif item.code in seen:
            violations.append(
                ConfigurationViolation(
                    ViolationCode.DUPLICATE_ATTRIBUTE,
                    f"{definition.name} is set more than once.",
                    attribute=item.code,
                )
            )
        elif not definition.accepts(item.value):
            violations.append(
                ConfigurationViolation(
                    ViolationCode.INVALID_ATTRIBUTE_VALUE,
                    f"{definition.name} must be {definition.expectation()}; got {item.value!r}.",
                    attribute=item.code,
                )
            )
        else:
            values[item.code] = item.value
        seen.add(item.code)
    for definition in definitions:
        if definition.required and definition.code not in seen:
            violations.append(
                ConfigurationViolation(
                    ViolationCode.MISSING_ATTRIBUTE,
                    f"{definition.name} is required.",
                    attribute=definition.code,
                )
            )
    return values
