"""Configuration rules of a bundle: requires, excludes, auto-add and attribute constraints.

A rule only names options of its own bundle and attributes of the bundle
product, compares magnitudes only on NUMBER attributes, and never closes a loop
of REQUIRES rules (A requires B requires A can never be satisfied by choosing A).
Conditions are stored as ``{"attribute", "operator", "value"}`` with the value
typed as the pricing engine reads it: a NUMBER as a decimal string, a BOOLEAN
as a JSON boolean, anything else as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.catalog import (
    AttributeType,
    BundleOption,
    ConfigurationRule,
    ConfigurationRuleKind,
    Product,
)
from db.models.catalog import ProductAttribute as Attribute
from db.queries.catalog import bundle_options_named, product_attributes, requires_edges
from pricing.configuration_rules import Operator
from pricing.requirements import requires_cycle
from services.audit import record_new
from services.catalog.checks import active_product
from services.catalog.lifecycle import retire_row
from services.refusal import Code, Field, refuse
from services.validation import optional_text


@dataclass(frozen=True, slots=True)
class Condition:
    """``attribute operator value``, e.g. storage_tb GE '2'; the value as text."""

    attribute: str
    operator: Operator
    value: str

    def stored(self, attributes: Mapping[str, Attribute], field: Field) -> dict[str, Any]:
        """The condition as a rule stores it, its value typed for the engine; refused when it
        does not fit the bundle's ``attributes`` (NOT_FOUND for an unknown attribute)."""
        code = self.attribute.strip()
        operator = self.operator.name
        problem = condition_problem(code, operator, self.value, attributes)
        if problem is not None:
            code_of = Code.NOT_FOUND if problem[0] == "attribute" else Code.INVALID
            raise refuse(code_of, problem[1], (*field, problem[0]))
        return {
            "attribute": code,
            "operator": operator,
            "value": typed_value(attributes[code], self.value),
        }


@dataclass(frozen=True, slots=True)
class NewConfigurationRule:
    """REQUIRES, EXCLUDES and AUTO_ADD name ``option_id`` and ``target_option_id`` (AUTO_ADD
    may add a ``quantity``); ATTRIBUTE_CONSTRAINT names a ``condition`` and either a
    ``target_option_id`` or a ``requirement``."""

    kind: ConfigurationRuleKind
    option_id: int | None = None
    target_option_id: int | None = None
    condition: Condition | None = None
    requirement: Condition | None = None
    quantity: int | None = None
    message: str | None = None


async def create_configuration_rule(
    session: AsyncSession, actor: Actor, now: datetime, bundle_id: int, new: NewConfigurationRule
) -> ConfigurationRule:
    # Locking the bundle serialises rule writers, so two rules cannot close a loop together.
    product = await active_product(session, bundle_id, ("input", "bundleId"), lock=True)
    bundle = Bundle(product, await bundle_options_named(session, product.id))
    rule = ConfigurationRule(
        bundle_id=product.id,
        kind=new.kind,
        message=optional_text(new.message, ("input", "message"), max_length=500),
    )
    if new.kind is ConfigurationRuleKind.ATTRIBUTE_CONSTRAINT:
        await attribute_constraint(session, new, bundle, rule)
    else:
        await option_rule(session, new, bundle, rule)
    return await record_new(session, actor, "createConfigurationRule", rule)


async def retire_configuration_rule(
    session: AsyncSession, actor: Actor, now: datetime, rule_id: int
) -> ConfigurationRule:
    """The rule stops applying; configurations no longer check it."""
    return await retire_row(
        session, actor, "retireConfigurationRule", ConfigurationRule, rule_id, noun="rule"
    )


@dataclass(frozen=True, slots=True)
class Bundle:
    """The bundle a rule is written for, and its options by id with their product's name."""

    product: Product
    options: Mapping[int, tuple[BundleOption, str]]

    async def option(
        self, session: AsyncSession, option_id: int | None, field: Field
    ) -> BundleOption:
        """The option ``option_id`` of this bundle; REQUIRED, NOT_FOUND or INVALID otherwise."""
        if option_id is None:
            raise refuse(Code.REQUIRED, "This kind of rule names this option.", field)
        if option_id in self.options:
            return self.options[option_id][0]
        if await session.get(BundleOption, option_id) is None:
            raise refuse(Code.NOT_FOUND, "No BundleOption with this id.", field)
        raise refuse(Code.INVALID, f"This is not an option of {self.product.name}.", field)


async def option_rule(
    session: AsyncSession, new: NewConfigurationRule, bundle: Bundle, rule: ConfigurationRule
) -> None:
    """REQUIRES, EXCLUDES, AUTO_ADD: two options of this bundle, never a loop of requirements."""
    for name, value in (("condition", new.condition), ("requirement", new.requirement)):
        if value is not None:
            raise refuse(
                Code.INVALID, "Only an ATTRIBUTE_CONSTRAINT has conditions.", ("input", name)
            )
    option = await bundle.option(session, new.option_id, ("input", "optionId"))
    target = await bundle.option(session, new.target_option_id, ("input", "targetOptionId"))
    if option.id == target.id:
        raise refuse(
            Code.INVALID, "A rule relates two different options.", ("input", "targetOptionId")
        )
    if new.quantity is not None:
        check_added_quantity(new, target)
    if new.kind is ConfigurationRuleKind.REQUIRES:
        edges = await requires_edges(session, bundle.product.id)
        loop = requires_cycle(edges, (option.id, target.id))
        if loop is not None:
            names = " requires ".join(f"'{bundle.options[o][1]}'" for o in loop)
            raise refuse(
                Code.INVALID,
                f"This rule would make requirements loop: {names}.",
                ("input", "targetOptionId"),
            )
    rule.option_id, rule.target_option_id, rule.quantity = option.id, target.id, new.quantity


def check_added_quantity(new: NewConfigurationRule, target: BundleOption) -> None:
    quantity, top = new.quantity or 0, target.max_quantity
    if new.kind is not ConfigurationRuleKind.AUTO_ADD:
        raise refuse(Code.INVALID, "Only an AUTO_ADD rule has a quantity.", ("input", "quantity"))
    if quantity < target.min_quantity or (top is not None and quantity > top):
        limit = "no limit" if top is None else str(top)
        raise refuse(
            Code.INVALID,
            f"The added option takes {target.min_quantity}–{limit}.",
            ("input", "quantity"),
        )


async def attribute_constraint(
    session: AsyncSession, new: NewConfigurationRule, bundle: Bundle, rule: ConfigurationRule
) -> None:
    """A condition on the bundle's attributes, needing an option or a second condition."""
    if new.option_id is not None:
        raise refuse(
            Code.INVALID,
            "An attribute constraint starts from its condition.",
            ("input", "optionId"),
        )
    if new.quantity is not None:
        raise refuse(Code.INVALID, "Only an AUTO_ADD rule has a quantity.", ("input", "quantity"))
    if new.condition is None:
        raise refuse(
            Code.REQUIRED, "An attribute constraint needs a condition.", ("input", "condition")
        )
    if (new.target_option_id is None) == (new.requirement is None):
        raise refuse(
            Code.REQUIRED if new.requirement is None else Code.INVALID,
            "Give exactly one of targetOptionId and requirement.",
            ("input", "requirement"),
        )
    attributes = {a.code: a for a in await product_attributes(session, bundle.product.id)}
    rule.condition = new.condition.stored(attributes, ("input", "condition"))
    if new.requirement is not None:
        rule.requirement = new.requirement.stored(attributes, ("input", "requirement"))
    else:
        target = await bundle.option(session, new.target_option_id, ("input", "targetOptionId"))
        rule.target_option_id = target.id


# Attribute conditions are checked when a rule is written and again when the bundle's
# attributes are replaced under existing rules (``products.update_product``).


def condition_problem(
    code: str, operator: str, raw: Any, attributes: Mapping[str, Attribute]
) -> tuple[str, str] | None:
    """Why ``code operator raw`` cannot be evaluated, as (input field, message), or None."""
    attribute = attributes.get(code)
    if attribute is None:
        return "attribute", f"The bundle has no attribute '{code}'."
    if Operator[operator].is_ordering and attribute.type is not AttributeType.NUMBER:
        return "operator", f"{operator} compares numbers, and '{code}' is {attribute.type.value}."
    try:
        typed_value(attribute, raw)
    except ValueError as exc:
        return "value", str(exc)
    return None


def typed_value(attribute: Attribute, raw: Any) -> str | bool:
    """The value as stored and read by the engine; ValueError when it does not fit the type."""
    text = str(raw).strip()
    match attribute.type:
        case AttributeType.NUMBER:
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite():
                raise ValueError(f"'{attribute.code}' is a number; '{text}' is not.")
            return str(number)
        case AttributeType.BOOLEAN:
            if text.lower() not in ("true", "false"):
                raise ValueError(f"'{attribute.code}' is yes or no: give 'true' or 'false'.")
            return text.lower() == "true"
        case AttributeType.CHOICE:
            if text not in attribute.choices:
                allowed = ", ".join(f"'{c}'" for c in attribute.choices)
                raise ValueError(f"'{attribute.code}' is one of {allowed}.")
            return text
    return text


def stored_rule_problem(rule: ConfigurationRule, attributes: Mapping[str, Attribute]) -> str | None:
    """Why a saved rule's conditions no longer fit ``attributes`` (after they were replaced)."""
    for data in (rule.condition, rule.requirement):
        if data:
            problem = condition_problem(
                data["attribute"], data["operator"], data["value"], attributes
            )
            if problem is not None:
                return problem[1]
    return None
