"""A configurable server used by the configuration and bundle tests."""

from __future__ import annotations

from pricing_test_data import d

from pricing import (
    AttributeCondition,
    AttributeConstraint,
    AttributeDefinition,
    AttributeType,
    AutoAddRule,
    Bundle,
    BundleOption,
    ExcludesRule,
    Feature,
    Operator,
    OptionType,
    Product,
    QuantityMode,
    RequiresRule,
)

OPTIONAL, REQUIRED, INCLUDED = OptionType.OPTIONAL, OptionType.REQUIRED, OptionType.INCLUDED

SERVER_BUNDLE = Bundle(
    features=(
        Feature(
            "f-chassis",
            "Chassis",
            (
                BundleOption("chassis-small", "chassis-s", "Small chassis"),
                BundleOption("chassis-large", "chassis-l", "Large chassis"),
            ),
            min_options=1,
            max_options=1,
        ),
        Feature(
            "f-memory",
            "Memory",
            (
                BundleOption("ram-16", "ram16", "RAM 16 GB", default_quantity=2, max_quantity=8),
                BundleOption("ram-32", "ram32", "RAM 32 GB", max_quantity=8),
            ),
            max_options=1,
        ),
        Feature(
            "f-software",
            "Software",
            (
                BundleOption(
                    "os", "os-license", "OS licence", REQUIRED, quantity_mode=QuantityMode.FIXED
                ),
                BundleOption("support", "support", "Support", INCLUDED),
                BundleOption("backup", "backup", "Backup"),
                BundleOption("backup-agent", "agent", "Backup agent"),
                BundleOption(
                    "agent-licence",
                    "agent-lic",
                    "Agent licence",
                    default_quantity=2,
                    quantity_mode=QuantityMode.FIXED,
                ),
            ),
        ),
    ),
    rules=(
        RequiresRule("r-backup-ram", "backup", "ram-32"),
        ExcludesRule("x-small-ram32", "chassis-small", "ram-32"),
        AttributeConstraint(
            "a-storage",
            AttributeCondition("storage_tb", Operator.GE, d(1)),
            requires_option_id="chassis-large",
        ),
        AttributeConstraint(
            "a-raid",
            AttributeCondition("raid", Operator.EQ, True),
            requires=AttributeCondition("form", Operator.EQ, "rack"),
        ),
        AutoAddRule("aa-agent", "backup", "backup-agent"),
        AutoAddRule("aa-licence", "backup-agent", "agent-licence"),
    ),
)

SERVER = Product(
    "server",
    "Server",
    family="hardware",
    attributes=(
        AttributeDefinition("storage_tb", "Storage (TB)", AttributeType.NUMBER, required=True),
        AttributeDefinition("form", "Form factor", AttributeType.CHOICE, ("tower", "rack")),
        AttributeDefinition("raid", "RAID", AttributeType.BOOLEAN),
        AttributeDefinition("label", "Asset label", AttributeType.TEXT),
    ),
    bundle=SERVER_BUNDLE,
)

COMPONENT_IDS = (
    "chassis-s",
    "chassis-l",
    "ram16",
    "ram32",
    "os-license",
    "support",
    "backup",
    "agent",
    "agent-lic",
)
