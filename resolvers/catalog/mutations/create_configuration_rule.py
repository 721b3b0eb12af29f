"""``createConfigurationRule`` (OPS): requires, excludes, auto-add and attribute rules of a bundle.

A rule only names options of its own bundle and attributes of the bundle
product, compares magnitudes only on NUMBER attributes, and never closes a loop
of REQUIRES rules (A requires B requires A can never be satisfied by choosing A).
Conditions are stored as ``{"attribute", "operator", "value"}`` with the value
typed as the pricing engine reads it: a NUMBER as a decimal string, a BOOLEAN
as a JSON boolean, anything else as text.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.catalog import BundleFeature as FeatureRow
from db.models.catalog import BundleOption as OptionRow
from db.models.catalog import ConfigurationRule as RuleRow
from db.models.catalog import ConfigurationRuleKind as Kind
from db.models.catalog import Product as ProductRow
from db.models.catalog import ProductAttribute as AttributeRow
from pricing.configuration_rules import Operator
from schema.text_limits import IdempotencyKey, Reason
from resolvers.audit import audit_change
from resolvers.catalog.rules import active_product, condition_problem, typed_value
from resolvers.mutation import IdempotentCreate, atomically, decode_id, reject
from services.validation import optional_text
from schema.errors import ErrorCode, UserError
from schema.types.catalog import ConfigurationRule, ConfigurationRuleKind, Product

AttributeOperator = strawberry.enum(
    Operator,
    name="AttributeOperator",
    description="EQ and NE compare any value; the others need a NUMBER attribute.",
)
Field = Sequence[str]


@strawberry.input(description="`attribute operator value`, e.g. storage_tb GE '2'.")
class AttributeConditionInput:
    attribute: str = strawberry.field(description="The code of an attribute of the bundle product.")
    operator: AttributeOperator  # type: ignore[valid-type]
    value: str = strawberry.field(
        description="As text: numbers like '2.5', booleans 'true'/'false'."
    )


@strawberry.input(
    description=(
        "REQUIRES, EXCLUDES and AUTO_ADD name `optionId` and `targetOptionId`; AUTO_ADD may give a "
        "`quantity`. ATTRIBUTE_CONSTRAINT names a `condition` and either a `targetOptionId` or a "
        "`requirement`."
    )
)
class CreateConfigurationRuleInput:
    bundle_id: relay.GlobalID
    kind: ConfigurationRuleKind  # type: ignore[valid-type]
    option_id: relay.GlobalID | None = None
    target_option_id: relay.GlobalID | None = None
    condition: AttributeConditionInput | None = None
    requirement: AttributeConditionInput | None = None
    quantity: int | None = None
    message: Reason | None = strawberry.field(
        default=None, description="What the rep sees when the rule bites."
    )
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreateConfigurationRulePayload:
    configuration_rule: ConfigurationRule | None = None
    bundle: Product | None = None
    user_errors: list[UserError]


def condition_data(
    given: AttributeConditionInput, attributes: Mapping[str, AttributeRow], field: Field
) -> dict[str, Any]:
    code = given.attribute.strip()
    operator = given.operator.name
    problem = condition_problem(code, operator, given.value, attributes)
    if problem is not None:
        raise reject(
            ErrorCode.NOT_FOUND if problem[0] == "attribute" else ErrorCode.INVALID,
            problem[1],
            [*field, problem[0]],
        )
    return {
        "attribute": code,
        "operator": operator,
        "value": typed_value(attributes[code], given.value),
    }


def requires_cycle(edges: Sequence[tuple[int, int]], new: tuple[int, int]) -> list[int] | None:
    """The loop ``new`` would close among REQUIRES edges, as [a, b, …, a], or None."""
    source, target = new
    successors: dict[int, list[int]] = {}
    for a, b in edges:
        successors.setdefault(a, []).append(b)
    previous: dict[int, int] = {target: target}
    queue = deque([target])
    while queue:
        node = queue.popleft()
        if node == source:
            path = [source]
            while path[-1] != target:
                path.append(previous[path[-1]])
            return [source, *reversed(path)]
        for following in successors.get(node, []):
            if following not in previous:
                previous[following] = node
                queue.append(following)
    return None


async def bundle_options(session: AsyncSession, bundle_id: int) -> dict[int, tuple[OptionRow, str]]:
    """Every option of the bundle with its product's name."""
    rows = await session.execute(
        select(OptionRow, ProductRow.name)
        .join(FeatureRow, FeatureRow.id == OptionRow.feature_id)
        .join(ProductRow, ProductRow.id == OptionRow.product_id)
        .where(FeatureRow.bundle_id == bundle_id)
    )
    return {option.id: (option, name) for option, name in rows}


async def option_of(
    session: AsyncSession,
    global_id: relay.GlobalID | None,
    options: Mapping[int, tuple[OptionRow, str]],
    bundle: ProductRow,
    field: Field,
) -> OptionRow:
    if global_id is None:
        raise reject(ErrorCode.REQUIRED, "This kind of rule names this option.", field)
    option_id = decode_id(global_id, "BundleOption", field)
    if option_id in options:
        return options[option_id][0]
    if await session.get(OptionRow, option_id) is None:
        raise reject(ErrorCode.NOT_FOUND, "No BundleOption with this id.", field)
    raise reject(ErrorCode.INVALID, f"This is not an option of {bundle.name}.", field)


async def option_rule(
    session: AsyncSession,
    input: CreateConfigurationRuleInput,
    bundle: ProductRow,
    options: Mapping[int, tuple[OptionRow, str]],
    rule: RuleRow,
) -> None:
    """REQUIRES, EXCLUDES, AUTO_ADD: two options of this bundle, never a loop of requirements."""
    for name, value in (("condition", input.condition), ("requirement", input.requirement)):
        if value is not None:
            raise reject(
                ErrorCode.INVALID, "Only an ATTRIBUTE_CONSTRAINT has conditions.", ["input", name]
            )
    option = await option_of(session, input.option_id, options, bundle, ["input", "optionId"])
    target = await option_of(
        session, input.target_option_id, options, bundle, ["input", "targetOptionId"]
    )
    if option.id == target.id:
        raise reject(
            ErrorCode.INVALID, "A rule relates two different options.", ["input", "targetOptionId"]
        )
    if input.quantity is not None:
        check_added_quantity(input, target)
    if input.kind is Kind.REQUIRES:
        existing = await session.execute(
            select(RuleRow.option_id, RuleRow.target_option_id).where(
                RuleRow.bundle_id == bundle.id, RuleRow.kind == Kind.REQUIRES, RuleRow.active
            )
        )
        edges = [(a, b) for a, b in existing if a is not None and b is not None]
        loop = requires_cycle(edges, (option.id, target.id))
        if loop is not None:
            names = " requires ".join(f"'{options[o][1]}'" for o in loop)
            raise reject(
                ErrorCode.INVALID,
                f"This rule would make requirements loop: {names}.",
                ["input", "targetOptionId"],
            )
    rule.option_id, rule.target_option_id, rule.quantity = option.id, target.id, input.quantity


def check_added_quantity(input: CreateConfigurationRuleInput, target: OptionRow) -> None:
    quantity, top = input.quantity or 0, target.max_quantity
    if input.kind is not Kind.AUTO_ADD:
        raise reject(
            ErrorCode.INVALID, "Only an AUTO_ADD rule has a quantity.", ["input", "quantity"]
        )
    if quantity < target.min_quantity or (top is not None and quantity > top):
        limit = "no limit" if top is None else str(top)
        raise reject(
            ErrorCode.INVALID,
            f"The added option takes {target.min_quantity}–{limit}.",
            ["input", "quantity"],
        )


async def attribute_constraint(
    session: AsyncSession,
    input: CreateConfigurationRuleInput,
    bundle: ProductRow,
    options: Mapping[int, tuple[OptionRow, str]],
    rule: RuleRow,
) -> None:
    """A condition on the bundle's attributes, needing an option or a second condition."""
    if input.option_id is not None:
        raise reject(
            ErrorCode.INVALID,
            "An attribute constraint starts from its condition.",
            ["input", "optionId"],
        )
    if input.quantity is not None:
        raise reject(
            ErrorCode.INVALID, "Only an AUTO_ADD rule has a quantity.", ["input", "quantity"]
        )
    if input.condition is None:
        raise reject(
            ErrorCode.REQUIRED, "An attribute constraint needs a condition.", ["input", "condition"]
        )
    if (input.target_option_id is None) == (input.requirement is None):
        raise reject(
            ErrorCode.REQUIRED if input.requirement is None else ErrorCode.INVALID,
            "Give exactly one of targetOptionId and requirement.",
            ["input", "requirement"],
        )
    attributes = {
        a.code: a
        for a in await session.scalars(
            select(AttributeRow).where(AttributeRow.product_id == bundle.id)
        )
    }
    rule.condition = condition_data(input.condition, attributes, ["input", "condition"])
    if input.requirement is not None:
        rule.requirement = condition_data(input.requirement, attributes, ["input", "requirement"])
    else:
        target = await option_of(
            session, input.target_option_id, options, bundle, ["input", "targetOptionId"]
        )
        rule.target_option_id = target.id


async def create_configuration_rule(
    info: strawberry.Info, input: CreateConfigurationRuleInput
) -> CreateConfigurationRulePayload:
    async def work(session: AsyncSession) -> RuleRow:
        # Locking the bundle serialises rule writers, so two rules cannot close a loop together.
        bundle = await active_product(
            session, input.bundle_id, ["input", "bundleId"], for_update=True
        )
        options = await bundle_options(session, bundle.id)
        rule = RuleRow(
            bundle_id=bundle.id,
            kind=input.kind,
            message=optional_text(input.message, ["input", "message"], max_length=500),
        )
        if input.kind is Kind.ATTRIBUTE_CONSTRAINT:
            await attribute_constraint(session, input, bundle, options, rule)
        else:
            await option_rule(session, input, bundle, options, rule)
        session.add(rule)
        await audit_change(info, session, "createConfigurationRule", rule)
        return rule

    outcome = await atomically(
        info,
        work,
        idempotent=IdempotentCreate(
            operation="createConfigurationRule",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=RuleRow,
        ),
    )
    return await rule_payload(info, outcome.value, outcome.errors)


async def rule_payload(
    info: strawberry.Info, rule: RuleRow | None, errors: list[UserError]
) -> CreateConfigurationRulePayload:
    if rule is None:
        return CreateConfigurationRulePayload(user_errors=errors)
    bundle = await info.context.loaders.product_by_id.load(rule.bundle_id)
    return CreateConfigurationRulePayload(
        configuration_rule=ConfigurationRule.from_row(rule),
        bundle=Product.from_row(bundle) if bundle else None,
        user_errors=errors,
    )
