"""The catalog: products, their costs and typed attributes, bundles and configuration rules."""

from __future__ import annotations

import enum
from decimal import Decimal

from sqlalchemy import (
    ARRAY,
    CheckConstraint,
    Computed,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed, Timestamped, Versioned
from db.models.columns import MONEY, belongs_to, pg_enum, refers_to

# An attribute's type, an option's type and its quantity mode are the pricing engine's
# own enums: their values are the labels stored.
from pricing.attributes import AttributeType as AttributeType
from pricing.catalog import OptionType as OptionType
from pricing.catalog import QuantityMode as QuantityMode


class ConfigurationRuleKind(enum.Enum):
    REQUIRES = "REQUIRES"
    EXCLUDES = "EXCLUDES"
    ATTRIBUTE_CONSTRAINT = "ATTRIBUTE_CONSTRAINT"
    AUTO_ADD = "AUTO_ADD"


class Product(Base, Keyed, Timestamped, Versioned):
    __tablename__ = "products"
    __table_args__ = (
        Index("ix_products_search", "search_vector", postgresql_using="gin"),
        CheckConstraint("length(trim(sku)) > 0", name="sku_not_blank"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    sku: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    family: Mapped[str | None] = mapped_column(String(100), index=True)
    unit_of_measure: Mapped[str] = mapped_column(String(30), nullable=False, server_default="EACH")
    active: Mapped[bool] = mapped_column(nullable=False, server_default="true")
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "to_tsvector('simple', "
            "sku || ' ' || name || ' ' || coalesce(family, '') || ' ' || description)",
            persisted=True,
        ),
    )


class ProductCost(Base):
    """What one unit costs us, per currency (drives margin; hidden from reps)."""

    __tablename__ = "product_costs"
    __table_args__ = (CheckConstraint("unit_cost >= 0", name="not_negative"),)

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    unit_cost: Mapped[Decimal] = mapped_column(MONEY, nullable=False)


class ProductAttribute(Base, Keyed):
    __tablename__ = "product_attributes"
    __table_args__ = (
        UniqueConstraint("product_id", "code"),
        CheckConstraint(
            "(type = 'CHOICE') = (cardinality(choices) > 0)", name="choices_with_choice"
        ),
    )

    product_id: Mapped[int] = belongs_to("products")
    code: Mapped[str] = mapped_column(String(64), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    type: Mapped[AttributeType] = mapped_column(
        pg_enum(AttributeType, "attribute_type"), nullable=False
    )
    choices: Mapped[list[str]] = mapped_column(
        ARRAY(String(100)), nullable=False, server_default="{}"
    )
    required: Mapped[bool] = mapped_column(nullable=False, server_default="false")
    position: Mapped[int] = mapped_column(nullable=False, server_default="0")


class BundleFeature(Base, Keyed):
    """An option group of a configurable product (the bundle)."""

    __tablename__ = "bundle_features"
    __table_args__ = (
        CheckConstraint("min_options >= 0", name="min_not_negative"),
        CheckConstraint(
            "max_options IS NULL OR max_options >= min_options", name="max_at_least_min"
        ),
    )

    bundle_id: Mapped[int] = belongs_to("products", index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    min_options: Mapped[int] = mapped_column(nullable=False, server_default="0")
    max_options: Mapped[int | None] = mapped_column()
    position: Mapped[int] = mapped_column(nullable=False, server_default="0")


class BundleOption(Base, Keyed):
    __tablename__ = "bundle_options"
    __table_args__ = (
        UniqueConstraint("feature_id", "product_id"),
        CheckConstraint(
            "0 < min_quantity AND min_quantity <= default_quantity "
            "AND (max_quantity IS NULL OR default_quantity <= max_quantity)",
            name="quantities_ordered",
        ),
    )

    feature_id: Mapped[int] = belongs_to("bundle_features", index=True)
    product_id: Mapped[int] = refers_to("products")
    option_type: Mapped[OptionType] = mapped_column(
        pg_enum(OptionType, "option_type"), nullable=False
    )
    default_quantity: Mapped[int] = mapped_column(nullable=False, server_default="1")
    min_quantity: Mapped[int] = mapped_column(nullable=False, server_default="1")
    max_quantity: Mapped[int | None] = mapped_column()
    quantity_mode: Mapped[QuantityMode] = mapped_column(
        pg_enum(QuantityMode, "quantity_mode"), nullable=False, server_default="PER_PARENT"
    )
    position: Mapped[int] = mapped_column(nullable=False, server_default="0")


class ConfigurationRule(Base, Keyed, Timestamped):
    """A rule over a bundle's options and attributes.

    ``condition``/``requirement`` hold attribute conditions as
    ``{"attribute": code, "operator": "GE", "value": ...}``.
    """

    __tablename__ = "configuration_rules"
    __table_args__ = (
        CheckConstraint(
            "kind = 'ATTRIBUTE_CONSTRAINT' "
            "OR (option_id IS NOT NULL AND target_option_id IS NOT NULL)",
            name="options_for_option_rules",
        ),
        CheckConstraint(
            "kind <> 'ATTRIBUTE_CONSTRAINT' OR (condition IS NOT NULL "
            "AND (target_option_id IS NOT NULL OR requirement IS NOT NULL))",
            name="attribute_rule_shape",
        ),
        CheckConstraint(
            "option_id IS NULL OR option_id <> target_option_id", name="distinct_options"
        ),
    )

    bundle_id: Mapped[int] = belongs_to("products", index=True)
    kind: Mapped[ConfigurationRuleKind] = mapped_column(
        pg_enum(ConfigurationRuleKind, "configuration_rule_kind"), nullable=False
    )
    option_id: Mapped[int | None] = mapped_column(
        ForeignKey("bundle_options.id", ondelete="CASCADE")
    )
    target_option_id: Mapped[int | None] = mapped_column(
        ForeignKey("bundle_options.id", ondelete="CASCADE")
    )
    condition: Mapped[dict | None] = mapped_column(JSONB)
    requirement: Mapped[dict | None] = mapped_column(JSONB)
    quantity: Mapped[int | None] = mapped_column()
    message: Mapped[str | None] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(nullable=False, server_default="true")
