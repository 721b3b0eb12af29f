"""Catalog value objects: products and the bundles of options they may be sold with.

A configurable product is a bundle: features (option groups) holding options,
each option being another product. These objects describe what *may* be sold;
what a rep picked is a ``Configuration`` and is checked in ``configuration.py``.
A bundle refuses, at construction, rules that name options it does not have:
that is a catalog (programmer) error, not something a rep can cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from pricing.attributes import AttributeDefinition
from pricing.configuration_rules import ConfigurationRule, referenced_options
from pricing.money import Money
from pricing.tiers import in_band


class OptionType(Enum):
    """INCLUDED options come free with the bundle; REQUIRED ones always come, priced."""

    INCLUDED = "INCLUDED"
    OPTIONAL = "OPTIONAL"
    REQUIRED = "REQUIRED"


class QuantityMode(Enum):
    """FIXED: the option quantity stands as is; PER_PARENT: it is per bundle unit."""

    FIXED = "FIXED"
    PER_PARENT = "PER_PARENT"

    def line_quantity(self, quantity: int, parent_quantity: int) -> int:
        """The option line's quantity: ``quantity`` times the parent's, unless FIXED."""
        return quantity * parent_quantity if self is QuantityMode.PER_PARENT else quantity


@dataclass(frozen=True, slots=True)
class BundleOption:
    """One choosable product inside a feature, with its quantity limits."""

    id: str
    product_id: str
    name: str
    option_type: OptionType = OptionType.OPTIONAL
    default_quantity: int = 1
    min_quantity: int = 1
    max_quantity: int | None = None
    quantity_mode: QuantityMode = QuantityMode.PER_PARENT

    def __post_init__(self) -> None:
        top = self.max_quantity if self.max_quantity is not None else self.default_quantity
        if not 0 < self.min_quantity <= self.default_quantity <= top:
            raise ValueError(f"option {self.id}: need 0 < min ≤ default ≤ max quantity")

    def accepts_quantity(self, quantity: int) -> bool:
        """Whether ``quantity`` (per parent when scaled) is within the option's limits."""
        return in_band(quantity, self.min_quantity, self.max_quantity)


@dataclass(frozen=True, slots=True)
class Feature:
    """An option group; ``min_options``/``max_options`` bound how many options it holds."""

    id: str
    name: str
    options: tuple[BundleOption, ...]
    min_options: int = 0
    max_options: int | None = None


@dataclass(frozen=True, slots=True)
class Bundle:
    """The features of a configurable product and the rules its configurations obey."""

    features: tuple[Feature, ...]
    rules: tuple[ConfigurationRule, ...] = ()

    def __post_init__(self) -> None:
        known: set[str] = set()
        for feature in self.features:
            for option in feature.options:
                if option.id in known:
                    raise ValueError(f"option id {option.id} appears twice in the bundle")
                known.add(option.id)
        rule_ids = [rule.id for rule in self.rules]
        if len(set(rule_ids)) != len(rule_ids):
            raise ValueError("configuration rule ids must be unique within a bundle")
        for rule in self.rules:
            unknown = [o for o in referenced_options(rule) if o not in known]
            if unknown:
                raise ValueError(f"rule {rule.id} names unknown options {unknown}")


@dataclass(frozen=True, slots=True)
class Product:
    """A sellable product; ``unit_costs`` holds its cost per currency (for margin)."""

    id: str
    name: str
    family: str | None = None
    attributes: tuple[AttributeDefinition, ...] = ()
    bundle: Bundle | None = None
    unit_costs: tuple[Money, ...] = ()

    def __post_init__(self) -> None:
        currencies = [cost.currency for cost in self.unit_costs]
        if len(set(currencies)) != len(currencies):
            raise ValueError(f"product {self.id}: one unit cost per currency")

    @property
    def needs_configuration(self) -> bool:
        """Whether a line of this product must go through configuration checks."""
        return self.bundle is not None or bool(self.attributes)
