"""``retireConfigurationRule`` (OPS): the rule stops applying; configurations no longer check it."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.catalog import ConfigurationRule as RuleRow
from db.queries.audit import snapshot
from resolvers.audit import audit_change
from resolvers.mutation import atomically, decode_id, reject
from schema.errors import ErrorCode, UserError
from schema.types.catalog import ConfigurationRule, Product


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
    async def work(session: AsyncSession) -> RuleRow:
        rule = await session.get(
            RuleRow, decode_id(input.id, "ConfigurationRule"), with_for_update=True
        )
        if rule is None:
            raise reject(ErrorCode.NOT_FOUND, "No ConfigurationRule with this id.", ["input", "id"])
        if not rule.active:
            raise reject(ErrorCode.INVALID_STATE, "This rule is already retired.", ["input", "id"])
        before = snapshot(rule)
        rule.active = False
        await audit_change(info, session, "retireConfigurationRule", rule, before)
        return rule

    outcome = await atomically(info, work)
    if outcome.value is None:
        return RetireConfigurationRulePayload(user_errors=outcome.errors)
    bundle = await info.context.loaders.product_by_id.load(outcome.value.bundle_id)
    return RetireConfigurationRulePayload(
        configuration_rule=ConfigurationRule.from_row(outcome.value),
        bundle=Product.from_row(bundle) if bundle else None,
        user_errors=outcome.errors,
    )
