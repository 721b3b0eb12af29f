"""Checking a configuration: every violated rule, plus the resolved option selection.

``validate_configuration`` never stops at the first problem: the rep fixes a
configuration in one go only if every violation is reported at once. The
resolved selection holds what will be quoted — the rep's picks, REQUIRED and
INCLUDED options, and auto-added ones — each with its computed line quantity,
in bundle order so the result does not depend on the order of the picks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from pricing.attributes import AttributeValue, check_attributes
from pricing.catalog import BundleOption, Feature, OptionType, Product
from pricing.configuration_rules import (
    AttributeConstraint,
    AttributeScalar,
    AutoAddRule,
    ConfigurationRule,
    ConfigurationViolation,
    ExcludesRule,
    RequiresRule,
    ViolationCode,
)


@dataclass(frozen=True, slots=True)
class OptionSelection:
    """The rep picked ``option_id``; ``quantity`` is per parent unit when scaled."""

    option_id: str
    quantity: int | None = None


@dataclass(frozen=True, slots=True)
class Configuration:
    """What the rep chose for a configurable product: options and attribute values."""

    selections: tuple[OptionSelection, ...] = ()
    attributes: tuple[AttributeValue, ...] = ()


class SelectionSource(Enum):
    """Why an option is in the resolved selection."""

    USER = "USER"
    REQUIRED = "REQUIRED"
    INCLUDED = "INCLUDED"
    AUTO_ADDED = "AUTO_ADDED"


_WITHOUT_PICK = {
    OptionType.REQUIRED: SelectionSource.REQUIRED,
    OptionType.INCLUDED: SelectionSource.INCLUDED,
}
"""The option types that are in the selection whether the rep picks them or not."""


@dataclass(frozen=True, slots=True)
class ResolvedOption:
    """An option that will be quoted as a child line, with its computed quantity."""

    option_id: str
    product_id: str
    feature_id: str
    option_type: OptionType
    source: SelectionSource
    quantity_per_parent: int
    quantity: int
    rule_id: str | None = None


@dataclass(frozen=True, slots=True)
class ConfigurationResult:
    """Every violation (empty when valid) and the resolved selection."""

    violations: tuple[ConfigurationViolation, ...]
    options: tuple[ResolvedOption, ...]

    @property
    def valid(self) -> bool:
        """A configuration is valid when no rule is violated."""
        return not self.violations


class _Pick(NamedTuple):
    """Why an option is in the selection, at what quantity per parent, and by which rule."""

    source: SelectionSource
    quantity_per_parent: int
    rule_id: str | None = None


def validate_configuration(
    product: Product, configuration: Configuration, parent_quantity: int
) -> ConfigurationResult:
    """Check ``configuration`` of ``product`` against its bundle and attribute definitions.

    ``parent_quantity`` is the bundle line's quantity, used to scale PER_PARENT options.
    """
    violations: list[ConfigurationViolation] = []
    values = check_attributes(
        product.attributes, product.name, configuration.attributes, violations
    )
    features = product.bundle.features if product.bundle is not None else ()
    rules = product.bundle.rules if product.bundle is not None else ()
    catalog: dict[str, tuple[Feature, BundleOption]] = {
        option.id: (feature, option) for feature in features for option in feature.options
    }
    chosen: dict[str, _Pick] = {}  # by option id
    for selection in configuration.selections:
        found = catalog.get(selection.option_id)
        if found is None:
            violations.append(
                ConfigurationViolation(
                    ViolationCode.UNKNOWN_OPTION,
                    f"'{selection.option_id}' is not an option of '{product.name}'.",
                    option_ids=(selection.option_id,),
                )
            )
            continue
        option = found[1]
        if option.id in chosen:
            violations.append(
                ConfigurationViolation(
                    ViolationCode.DUPLICATE_SELECTION,
                    f"'{option.name}' is selected more than once.",
                    option_ids=(option.id,),
                )
            )
            continue
        quantity = option.default_quantity if selection.quantity is None else selection.quantity
        if not option.accepts_quantity(quantity):
            top = "no limit" if option.max_quantity is None else str(option.max_quantity)
            violations.append(
                ConfigurationViolation(
                    ViolationCode.OPTION_QUANTITY_OUT_OF_RANGE,
                    f"'{option.name}' quantity {quantity} is outside {option.min_quantity}–{top}.",
                    option_ids=(option.id,),
                )
            )
        chosen[option.id] = _Pick(SelectionSource.USER, quantity)
    for feature in features:
        for option in feature.options:
            source = _WITHOUT_PICK.get(option.option_type)
            if source is not None and option.id not in chosen:
                chosen[option.id] = _Pick(source, option.default_quantity)
    _auto_add(rules, catalog, chosen)
    _check_rules(rules, catalog, chosen, values, violations)
    _check_feature_counts(features, chosen, violations)
    resolved = tuple(
        ResolvedOption(
            option_id=option.id,
            product_id=option.product_id,
            feature_id=feature.id,
            option_type=option.option_type,
            source=chosen[option.id].source,
            quantity_per_parent=chosen[option.id].quantity_per_parent,
            quantity=option.quantity_mode.line_quantity(
                chosen[option.id].quantity_per_parent, parent_quantity
            ),
            rule_id=chosen[option.id].rule_id,
        )
        for feature in features
        for option in feature.options
        if option.id in chosen
    )
    return ConfigurationResult(violations=tuple(violations), options=resolved)


def _auto_add(
    rules: tuple[ConfigurationRule, ...],
    catalog: dict[str, tuple[Feature, BundleOption]],
    chosen: dict[str, _Pick],
) -> None:
    """Add options triggered by auto-add rules, following chains (A adds B adds C).

    Rules are applied in their bundle order until nothing changes, so when two
    rules add the same option the first rule's quantity wins, whatever order
    the rep picked options in. An option the rep picked keeps its quantity.
    """
    auto_adds = [rule for rule in rules if isinstance(rule, AutoAddRule)]
    changed = True
    while changed:
        changed = False
        for rule in auto_adds:
            if rule.option_id in chosen and rule.added_option_id not in chosen:
                option = catalog[rule.added_option_id][1]
                quantity = option.default_quantity if rule.quantity is None else rule.quantity
                chosen[option.id] = _Pick(SelectionSource.AUTO_ADDED, quantity, rule.id)
                changed = True


def _check_rules(
    rules: tuple[ConfigurationRule, ...],
    catalog: dict[str, tuple[Feature, BundleOption]],
    chosen: dict[str, _Pick],
    values: dict[str, AttributeScalar],
    violations: list[ConfigurationViolation],
) -> None:
    """Evaluate requires, excludes and attribute constraints on the resolved selection."""

    def name(option_id: str) -> str:
        return catalog[option_id][1].name

    for rule in rules:
        match rule:
            case RequiresRule() if (
                rule.option_id in chosen and rule.required_option_id not in chosen
            ):
                violations.append(
                    ConfigurationViolation(
                        ViolationCode.REQUIRES_UNMET,
                        rule.message
                        or f"'{name(rule.option_id)}' requires '{name(rule.required_option_id)}'.",
                        rule_id=rule.id,
                        option_ids=(rule.option_id, rule.required_option_id),
                    )
                )
            case ExcludesRule() if rule.option_id in chosen and rule.excluded_option_id in chosen:
                violations.append(
                    ConfigurationViolation(
                        ViolationCode.EXCLUDED_TOGETHER,
                        rule.message
                        or f"'{name(rule.option_id)}' cannot be combined with "
                        f"'{name(rule.excluded_option_id)}'.",
                        rule_id=rule.id,
                        option_ids=(rule.option_id, rule.excluded_option_id),
                    )
                )
            case AttributeConstraint() if rule.when.holds(values):
                if rule.requires_option_id is not None:
                    if rule.requires_option_id in chosen:
                        continue
                    need = f"'{name(rule.requires_option_id)}'"
                    option_ids: tuple[str, ...] = (rule.requires_option_id,)
                elif rule.requires is not None:
                    if rule.requires.holds(values):
                        continue
                    need, option_ids = rule.requires.describe(), ()
                violations.append(
                    ConfigurationViolation(
                        ViolationCode.ATTRIBUTE_CONSTRAINT,
                        rule.message or f"{rule.when.describe()} requires {need}.",
                        rule_id=rule.id,
                        option_ids=option_ids,
                        attribute=rule.when.attribute,
                    )
                )


def _check_feature_counts(
    features: tuple[Feature, ...],
    chosen: dict[str, _Pick],
    violations: list[ConfigurationViolation],
) -> None:
    """Each feature holds between its min and max number of options."""
    for feature in features:
        count = sum(1 for option in feature.options if option.id in chosen)
        if count < feature.min_options:
            violations.append(
                ConfigurationViolation(
                    ViolationCode.FEATURE_MIN_OPTIONS,
                    f"{feature.name}: choose at least {feature.min_options} (chosen {count}).",
                    rule_id=feature.id,
                )
            )
        if feature.max_options is not None and count > feature.max_options:
            violations.append(
                ConfigurationViolation(
                    ViolationCode.FEATURE_MAX_OPTIONS,
                    f"{feature.name}: choose at most {feature.max_options} (chosen {count}).",
                    rule_id=feature.id,
                )
            )
