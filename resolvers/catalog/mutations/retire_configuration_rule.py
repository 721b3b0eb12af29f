"""``retireConfigurationRule`` (OPS): the rule stops applying; configurations no longer check it."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.catalog.mutations.create_configuration_rule import rule_payload
from resolvers.mutation import key, perform
from schema.errors import UserError
from schema.types.catalog import ConfigurationRule, Product
from services.catalog import configuration_rules


@strawberry.input(
    description=(
        "A configuration rule to retire: it no longer applies to new configurations; saved quotes"
        " keep their prices."
    )
)
class RetireConfigurationRuleInput:
    id: relay.GlobalID
    """The global ID of the configuration rule."""


@strawberry.type(description="The retired rule and its bundle, or nulls beside the userErrors.")
class RetireConfigurationRulePayload:
    configuration_rule: ConfigurationRule | None = None
    """The rule, now retired; null when refused."""
    bundle: Product | None = None
    """The bundle, with its remaining rules."""
    user_errors: list[UserError]
    """Why the rule was not retired; empty on success."""


async def retire_configuration_rule(
    info: strawberry.Info,
    input: RetireConfigurationRuleInput,
) -> RetireConfigurationRulePayload:
    """The rule to retire: it stops applying to new configurations."""
    outcome = await perform(
        info,
        configuration_rules.retire_configuration_rule,
        key(input.id, "ConfigurationRule"),
    )
    return await rule_payload(info, RetireConfigurationRulePayload, outcome)
