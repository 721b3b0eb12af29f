"""Catalog types: products, their attributes, and bundles (features → options)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay
from strawberry.permission import PermissionExtension

from db.models.catalog import AttributeType as AttributeTypeModel
from db.models.catalog import BundleFeature as FeatureRow
from db.models.catalog import ConfigurationRule as RuleRow
from db.models.catalog import ConfigurationRuleKind as RuleKindModel
from db.models.catalog import OptionType as OptionTypeModel
from db.models.catalog import ProductAttribute as AttributeRow
from db.models.catalog import QuantityMode as QuantityModeModel
from db.models.users import Role
from pricing.configuration_rules import Operator
from schema.connection import CountedConnection
from schema.enums import described_enum
from schema.money import Money
from schema.nodes import nodes_via
from schema.permissions import HasRole, IsAuthenticated
from schema.rows import FromRow, from_attrs, row_objects
from schema.types.attribute_values import AttributeScalar, attribute_kinds, typed_scalar

AttributeType = described_enum(
    AttributeTypeModel,
    "AttributeType",
    "The type of a product attribute, which decides what its value may be.",
    {
        "CHOICE": "One of the attribute's `choices`.",
        "NUMBER": 'A decimal number, sent as text ("12.5").',
        "BOOLEAN": 'A yes/no value, sent as "true" or "false".',
        "TEXT": "Free text.",
    },
)
OptionType = described_enum(
    OptionTypeModel,
    "OptionType",
    "How a bundle option comes with the bundle.",
    {
        "INCLUDED": "Always comes with the bundle, free (a BUNDLE_INCLUDED step zeroes its price).",
        "OPTIONAL": "Comes only when the rep selects it (or a rule adds it), priced.",
        "REQUIRED": "Always comes with the bundle, priced.",
    },
)
QuantityMode = described_enum(
    QuantityModeModel,
    "QuantityMode",
    "How an option's quantity relates to the bundle's quantity.",
    {
        "FIXED": "The option quantity stands as is, whatever the bundle quantity.",
        "PER_PARENT": "The option quantity is per bundle unit: multiplied by the bundle quantity.",
    },
)
ConfigurationRuleKind = described_enum(
    RuleKindModel,
    "ConfigurationRuleKind",
    "What a configuration rule enforces.",
    {
        "REQUIRES": "Selecting `optionId` requires `targetOptionId` too.",
        "EXCLUDES": "`optionId` and `targetOptionId` may not be selected together.",
        "ATTRIBUTE_CONSTRAINT": (
            "When the attribute `condition` holds, `requirement` must hold too "
            "(or `targetOptionId` must be selected)."
        ),
        "AUTO_ADD": (
            "Selecting `optionId` adds `targetOptionId` automatically (`quantity` of it, "
            "or its default quantity)."
        ),
    },
)

AttributeOperator = described_enum(
    Operator,
    "AttributeOperator",
    "EQ and NE compare any value; the others need a NUMBER attribute.",
    {
        "EQ": "The attribute's value equals the rule's value.",
        "NE": "The attribute's value differs from the rule's value.",
        "GT": "The attribute's number is greater than the rule's value.",
        "GE": "The attribute's number is greater than or equal to the rule's value.",
        "LT": "The attribute's number is less than the rule's value.",
        "LE": "The attribute's number is less than or equal to the rule's value.",
    },
)


# Cost and margin are for managers and back office; a rep's query gets null, not an error,
# so one screen's query works for every role.
def cost_viewers() -> list[PermissionExtension]:
    """A fresh extension per field: strawberry sizes its silent answer ([] or null) to the field."""
    return [
        PermissionExtension(
            permissions=[IsAuthenticated(), HasRole(Role.MANAGER, Role.OPS, Role.FINANCE)],
            fail_silently=True,
        )
    ]


@strawberry.type(description="A typed attribute a rep sets when configuring a product.")
class ProductAttribute:
    code: str
    """Stable code of the attribute, unique in its product; what a configuration sends and what rule
    conditions name."""
    name: str
    """Display name of the attribute."""
    type: AttributeType  # type: ignore[valid-type]
    """What kind of value the attribute takes."""
    choices: list[str]
    """The allowed values of a CHOICE attribute, in display order; empty otherwise."""
    required: bool
    """True when a configuration must set this attribute (else MISSING_ATTRIBUTE)."""

    @classmethod
    def from_row(cls, row: AttributeRow) -> ProductAttribute:
        return from_attrs(cls, row, choices=list(row.choices))


@strawberry.type(description="A product a bundle offers inside one of its features.")
class BundleOption(relay.Node, FromRow):
    id: relay.NodeID[int]
    option_type: OptionType  # type: ignore[valid-type]
    """Whether the option is free and always there, always there, or optional."""
    default_quantity: int
    """The quantity when the configuration gives none (in `quantityMode` units)."""
    min_quantity: int
    """The least quantity a configuration may ask for; at least 1."""
    max_quantity: int | None
    """The most quantity a configuration may ask for; null means no cap."""
    quantity_mode: QuantityMode  # type: ignore[valid-type]
    """Whether the quantity is fixed or per bundle unit."""
    product_id: strawberry.Private[int]

    @strawberry.field(description="The product this option adds to the quote as a child line.")
    async def product(self, info: strawberry.Info) -> Product:
        return Product.from_row(await info.context.loaders.product_by_id.load(self.product_id))

    resolve_nodes = nodes_via("bundle_option_by_id")


@strawberry.type(description="An option group of a bundle, with how many options it takes.")
class BundleFeature:
    name: str
    """Display name of the group, e.g. Support plan."""
    min_options: int
    """The fewest options a configuration selects here (else FEATURE_MIN_OPTIONS)."""
    max_options: int | None
    """The most options a configuration selects here; null means no cap."""
    feature_id: strawberry.Private[int]

    @strawberry.field(description="The options of this group, in display order.")
    async def options(self, info: strawberry.Info) -> list[BundleOption]:
        return await row_objects(info, "options_by_feature_id", self.feature_id, BundleOption)

    @classmethod
    def from_row(cls, row: FeatureRow) -> BundleFeature:
        return from_attrs(cls, row, feature_id=row.id)


def _option_global_id(key: int | None) -> strawberry.ID | None:
    return strawberry.ID(relay.to_base64("BundleOption", key)) if key else None


@strawberry.type(
    description="`attribute operator value`, as `AttributeConditionInput` writes it, e.g."
    ' storage_tb GE {number: "2"}.'
)
class AttributeCondition:
    attribute: str
    """The code of an attribute of the bundle product (`ProductAttribute.code`)."""
    operator: AttributeOperator  # type: ignore[valid-type]
    """How the rep's value compares with `value`."""
    value: AttributeScalar
    """What the attribute is compared with, typed as the attribute is."""


@strawberry.type(description="A configuration rule of a bundle, with the message a rep sees.")
class ConfigurationRule(relay.Node):
    id: relay.NodeID[int]
    kind: ConfigurationRuleKind  # type: ignore[valid-type]
    """What the rule enforces; decides which of the other fields are set."""
    option_id: strawberry.ID | None
    """Global ID of the BundleOption that triggers a REQUIRES, EXCLUDES or AUTO_ADD rule; null for
    ATTRIBUTE_CONSTRAINT."""
    target_option_id: strawberry.ID | None
    """Global ID of the BundleOption the rule requires, excludes or adds; for an
    ATTRIBUTE_CONSTRAINT, the option its condition requires (or null)."""
    quantity: int | None
    """How many of the target an AUTO_ADD rule adds; null means its default quantity."""
    message: str | None
    """What the rep sees when the rule is broken; null for the engine's own wording."""
    active: bool
    """False once retired: the rule no longer applies."""
    bundle_id: strawberry.Private[int]
    stored_condition: strawberry.Private[dict[str, Any] | None]
    stored_requirement: strawberry.Private[dict[str, Any] | None]

    @strawberry.field(
        description="ATTRIBUTE_CONSTRAINT: when this holds, the rule applies; null for other kinds."
    )
    async def condition(self, info: strawberry.Info) -> AttributeCondition | None:
        return await self._typed(info, self.stored_condition)

    @strawberry.field(
        description="ATTRIBUTE_CONSTRAINT: what must then hold; null when the rule requires"
        " `targetOptionId` instead, and for other kinds."
    )
    async def requirement(self, info: strawberry.Info) -> AttributeCondition | None:
        return await self._typed(info, self.stored_requirement)

    async def _typed(
        self, info: strawberry.Info, stored: dict[str, Any] | None
    ) -> AttributeCondition | None:
        """A stored condition typed by the bundle's attributes (loaded only when there is one)."""
        if stored is None:
            return None
        code = stored["attribute"]
        kinds = await attribute_kinds(info, self.bundle_id)
        return AttributeCondition(
            attribute=code,
            operator=Operator[stored["operator"]],
            value=typed_scalar(kinds.get(code), stored["value"]),
        )

    @classmethod
    def from_row(cls, row: RuleRow) -> ConfigurationRule:
        return from_attrs(
            cls,
            row,
            option_id=_option_global_id(row.option_id),
            target_option_id=_option_global_id(row.target_option_id),
            stored_condition=row.condition,
            stored_requirement=row.requirement,
        )

    resolve_nodes = nodes_via("configuration_rule_by_id")


@strawberry.type(description="Something we sell; a bundle when it has features.")
class Product(relay.Node, FromRow):
    id: relay.NodeID[int]
    sku: str
    """The stock-keeping unit; unique in the catalog."""
    name: str
    """Display name, as printed on quotes."""
    description: str
    """Longer text for the catalog; may be empty."""
    family: str | None
    """Product family that discount schedules and promotions can target; null when in none."""
    unit_of_measure: str
    """What one unit of quantity is, e.g. EACH, USER, GB."""
    active: bool
    """False once retired: it can no longer be quoted."""
    version: int
    """Send back on update; a stale one is a CONFLICT."""
    created_at: datetime
    """When the product was created."""

    @strawberry.field(description="What a configuration sets: typed attributes.")
    async def attributes(self, info: strawberry.Info) -> list[ProductAttribute]:
        return await row_objects(info, "attributes_by_product_id", self.id, ProductAttribute)

    @strawberry.field(description="Option groups; empty for a plain product.")
    async def features(self, info: strawberry.Info) -> list[BundleFeature]:
        return await row_objects(info, "features_by_bundle_id", self.id, BundleFeature)

    @strawberry.field(description="Active configuration rules of this bundle.")
    async def configuration_rules(self, info: strawberry.Info) -> list[ConfigurationRule]:
        return await row_objects(info, "rules_by_bundle_id", self.id, ConfigurationRule)

    @strawberry.field(
        extensions=cost_viewers(),
        description=(
            "Unit cost per currency (null for reps), with a catalog unit price's precision: "
            "rounded half-up to at most 6 decimal places, trailing zeros dropped but never "
            "fewer than the currency's minor units."
        ),
    )
    async def unit_costs(self, info: strawberry.Info) -> list[Money] | None:
        rows = await info.context.loaders.costs_by_product_id.load(self.id)
        return [Money.unit_price(r.unit_cost, r.currency) for r in rows]

    resolve_nodes = nodes_via("product_by_id")


@strawberry.type(name="ProductConnection", description="A page of products.")
class ProductConnection(CountedConnection[Product]):
    pass
