"""``createConfigurationRule`` (OPS): requires, excludes, auto-add and attribute rules of a bundle.

The rules a rule obeys (options of its own bundle, attributes of the bundle
product, no loop of requirements) are in ``services.catalog.configuration_rules``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import strawberry
from strawberry import relay

from db.models.catalog import ConfigurationRule as RuleRow
from resolvers.mutation import (
    Command,
    Outcome,
    command,
    create_once,
    idempotency_key_field,
    key,
    payload_with,
    perform,
)
from resolvers.pricing.inputs import AttributeScalarInput
from schema.errors import UserError
from schema.text_limits import IdempotencyKey, Reason
from schema.types.catalog import (
    AttributeOperator,
    ConfigurationRule,
    ConfigurationRuleKind,
    Product,
)
from services.catalog import configuration_rules
from services.catalog.configuration_rules import Condition, NewConfigurationRule

P = TypeVar("P")


@strawberry.input(description='`attribute operator value`, e.g. storage_tb GE {number: "2"}.')
class AttributeConditionInput:
    attribute: str
    """The code of an attribute of the bundle product."""
    operator: AttributeOperator  # type: ignore[valid-type]
    """How the rep's value compares with `value`."""
    value: AttributeScalarInput
    """What the attribute is compared with, in the field matching its type (a CHOICE value must be
    one of its choices); one that does not fit is a userError on `value`."""


@strawberry.input(
    description=(
        "REQUIRES, EXCLUDES and AUTO_ADD name `optionId` and `targetOptionId`; AUTO_ADD may give a "
        "`quantity`. ATTRIBUTE_CONSTRAINT names a `condition` and either a `targetOptionId` or a "
        "`requirement`."
    )
)
class CreateConfigurationRuleInput:
    bundle_id: relay.GlobalID
    """The global ID of the bundle product the rule belongs to."""
    kind: ConfigurationRuleKind
    """REQUIRES, EXCLUDES, AUTO_ADD or ATTRIBUTE_CONSTRAINT."""
    option_id: relay.GlobalID | None = strawberry.field(
        default=None,
        description=(
            "The option that triggers the rule (REQUIRES, EXCLUDES, AUTO_ADD), an option of this"
            " bundle."
        ),
    )
    target_option_id: relay.GlobalID | None = None
    """The option required, excluded or added (an option of this bundle); for ATTRIBUTE_CONSTRAINT,
    the option the condition requires."""
    condition: AttributeConditionInput | None = None
    """ATTRIBUTE_CONSTRAINT: when this holds, the rule applies."""
    requirement: AttributeConditionInput | None = None
    """ATTRIBUTE_CONSTRAINT: what must then hold (instead of `targetOptionId`)."""
    quantity: int | None = None
    """AUTO_ADD: how many of the added option; its default quantity when null."""
    message: Reason | None = None
    """What the rep sees when the rule bites."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@strawberry.type(description="The new rule and its bundle, or nulls beside the userErrors.")
class CreateConfigurationRulePayload:
    configuration_rule: ConfigurationRule | None = None
    """The new rule; null when refused."""
    bundle: Product | None = None
    """The bundle, with all its rules now; null when refused."""
    user_errors: list[UserError]
    """Why the rule was refused; `field` points at the input at fault. Empty on success."""


async def create_configuration_rule(
    info: strawberry.Info,
    input: CreateConfigurationRuleInput,
) -> CreateConfigurationRulePayload:
    """The bundle, the kind of rule and what it names (options, conditions)."""
    condition, requirement = input.condition, input.requirement
    new = command(
        NewConfigurationRule,
        input,
        option_id=key(input.option_id, "BundleOption", "optionId"),
        target_option_id=key(input.target_option_id, "BundleOption", "targetOptionId"),
        condition=_condition(condition),
        requirement=_condition(requirement),
    )
    outcome = await perform(
        info,
        configuration_rules.create_configuration_rule,
        key(input.bundle_id, "Product", "bundleId"),
        new,
        idempotent=create_once("createConfigurationRule", input, RuleRow),
    )
    return await rule_payload(info, CreateConfigurationRulePayload, outcome)


def _condition(value: AttributeConditionInput | None) -> Command[Condition] | None:
    return None if value is None else command(Condition, value, value=value.value.as_text())


async def rule_payload(
    info: strawberry.Info, payload: Callable[..., P], outcome: Outcome[RuleRow]
) -> P:
    """The rule and its bundle (with the rules it now has), or null beside the errors."""

    async def fields(rule: RuleRow) -> dict[str, Any]:
        bundle = await info.context.loaders.product_by_id.load(rule.bundle_id)
        return {
            "configuration_rule": ConfigurationRule.from_row(rule),
            "bundle": Product.from_row(bundle) if bundle else None,
        }

    return await payload_with(payload, outcome, fields)
