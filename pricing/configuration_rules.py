"""Configuration rules a bundle carries, and the violations a configuration can report.

Rules (requires, excludes, attribute constraints, auto-add) name options by
their id inside the bundle. Each rule has an id so a violation can point the
rep (and the resolver) at the rule that was broken, and an optional
``message`` for catalog authors who want their own wording.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from pricing.money import format_decimal

AttributeScalar = str | Decimal | bool
"""A typed attribute value: CHOICE and TEXT are str, NUMBER is Decimal, BOOLEAN is bool."""


class ViolationCode(Enum):
    """Why a configuration is invalid; stable codes the resolver maps to userErrors."""

    UNKNOWN_OPTION = "UNKNOWN_OPTION"
    DUPLICATE_SELECTION = "DUPLICATE_SELECTION"
    OPTION_QUANTITY_OUT_OF_RANGE = "OPTION_QUANTITY_OUT_OF_RANGE"
    UNKNOWN_ATTRIBUTE = "UNKNOWN_ATTRIBUTE"
    DUPLICATE_ATTRIBUTE = "DUPLICATE_ATTRIBUTE"
    INVALID_ATTRIBUTE_VALUE = "INVALID_ATTRIBUTE_VALUE"
    MISSING_ATTRIBUTE = "MISSING_ATTRIBUTE"
    REQUIRES_UNMET = "REQUIRES_UNMET"
    EXCLUDED_TOGETHER = "EXCLUDED_TOGETHER"
    ATTRIBUTE_CONSTRAINT = "ATTRIBUTE_CONSTRAINT"
    FEATURE_MIN_OPTIONS = "FEATURE_MIN_OPTIONS"
    FEATURE_MAX_OPTIONS = "FEATURE_MAX_OPTIONS"


@dataclass(frozen=True, slots=True)
class ConfigurationViolation:
    """One broken rule, with the rule and options it concerns and a message for the rep."""

    code: ViolationCode
    message: str
    rule_id: str | None = None
    """The rule broken; for FEATURE_MIN_OPTIONS and FEATURE_MAX_OPTIONS, the feature's id."""
    option_ids: tuple[str, ...] = ()
    attribute: str | None = None


class Operator(Enum):
    """How an attribute condition compares; ordering operators need a number."""

    EQ = "="
    NE = "≠"
    GT = ">"
    GE = "≥"
    LT = "<"
    LE = "≤"

    @property
    def is_ordering(self) -> bool:
        """Whether the operator compares magnitudes (and so only suits NUMBER values)."""
        return self not in (Operator.EQ, Operator.NE)


@dataclass(frozen=True, slots=True)
class AttributeCondition:
    """``attribute operator value``, e.g. ``storage_tb ≥ 1``."""

    attribute: str
    operator: Operator
    value: AttributeScalar

    def __post_init__(self) -> None:
        if self.operator.is_ordering and type(self.value) is not Decimal:
            raise ValueError(f"{self.operator.name} compares numbers; got {self.value!r}")

    def holds(self, values: Mapping[str, AttributeScalar]) -> bool:
        """Whether the configured ``values`` satisfy the condition; a missing value never does.

        Types are compared strictly, because ``True == Decimal(1)`` in Python.
        """
        actual = values.get(self.attribute)
        if actual is None or type(actual) is not type(self.value):
            return self.operator is Operator.NE and actual is not None
        match self.operator:
            case Operator.EQ:
                return actual == self.value
            case Operator.NE:
                return actual != self.value
            case Operator.GT:
                return actual > self.value  # type: ignore[operator]
            case Operator.GE:
                return actual >= self.value  # type: ignore[operator]
            case Operator.LT:
                return actual < self.value  # type: ignore[operator]
            case Operator.LE:
                return actual <= self.value  # type: ignore[operator]

    def describe(self) -> str:
        """Human text, e.g. ``storage_tb ≥ 1``."""
        value = self.value
        if isinstance(value, bool):
            shown = "yes" if value else "no"
        elif isinstance(value, Decimal):
            shown = format_decimal(value)
        else:
            shown = f"'{value}'"
        return f"{self.attribute} {self.operator.value} {shown}"


@dataclass(frozen=True, slots=True)
class OptionRule:
    """What the rules between two options share: their id, and the option that triggers them."""

    id: str
    option_id: str


@dataclass(frozen=True, slots=True)
class RequiresRule(OptionRule):
    """Selecting ``option_id`` needs ``required_option_id`` selected too (A needs B)."""

    required_option_id: str
    message: str | None = None


@dataclass(frozen=True, slots=True)
class ExcludesRule(OptionRule):
    """``option_id`` and ``excluded_option_id`` are never selected together."""

    excluded_option_id: str
    message: str | None = None


@dataclass(frozen=True, slots=True)
class AttributeConstraint:
    """When ``when`` holds, an option must be selected or another condition must hold.

    Exactly one of ``requires_option_id`` and ``requires`` is set, e.g. "storage
    ≥ 1 TB needs the large chassis" is ``when=storage_tb ≥ 1`` with either
    ``requires_option_id="chassis-large"`` or ``requires=chassis = 'large'``.
    """

    id: str
    when: AttributeCondition
    requires_option_id: str | None = None
    requires: AttributeCondition | None = None
    message: str | None = None

    def __post_init__(self) -> None:
        if (self.requires_option_id is None) == (self.requires is None):
            raise ValueError("an attribute constraint requires exactly one option or condition")


@dataclass(frozen=True, slots=True)
class AutoAddRule(OptionRule):
    """Selecting ``option_id`` adds ``added_option_id`` (at ``quantity`` or its default)."""

    added_option_id: str
    quantity: int | None = None


ConfigurationRule = RequiresRule | ExcludesRule | AttributeConstraint | AutoAddRule


def referenced_options(rule: ConfigurationRule) -> tuple[str, ...]:
    """The option ids a rule names, so a bundle can refuse rules about unknown options."""
    match rule:
        case RequiresRule():
            return (rule.option_id, rule.required_option_id)
        case ExcludesRule():
            return (rule.option_id, rule.excluded_option_id)
        case AutoAddRule():
            return (rule.option_id, rule.added_option_id)
        case AttributeConstraint():
            return () if rule.requires_option_id is None else (rule.requires_option_id,)
