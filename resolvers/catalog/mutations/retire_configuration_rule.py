"""``retireConfigurationRule`` (OPS): the rule stops applying; configurations no longer check it."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.catalog.mutations.create_configuration_rule import rule_payload
from resolvers.mutation import key, perform
from schema.errors import UserError
from schema.types.catalog import ConfigurationRule, Product
from services.catalog import configuration_rules


@strawberry.input
class RetireConfigurationRuleInput:
    id: relay.GlobalID


@strawberry.type
class RetireConfigurationRulePayload:
    configuration_rule: ConfigurationRule | None = None
    bundle: Product | None = strawberry.field(
        default=None, description="The bundle, with its remaining rules."
    )
    user_errors: list[UserError]


async def retire_configuration_rule(
    info: strawberry.Info, input: RetireConfigurationRuleInput
) -> RetireConfigurationRulePayload:
    outcome = await perform(
        info,
        configuration_rules.retire_configuration_rule,
        key(input.id, "ConfigurationRule"),
    )
    return await rule_payload(info, RetireConfigurationRulePayload, outcome)
