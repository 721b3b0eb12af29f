"""Configuration rules: requires, excludes, attribute constraints, feature counts, auto-add."""

import pytest
from pricing_bundles import SERVER, SERVER_BUNDLE
from pricing_test_data import d

from pricing import (
    AttributeValue,
    AutoAddRule,
    Bundle,
    BundleOption,
    Configuration,
    ConfigurationResult,
    Feature,
    OptionSelection,
    Product,
    RequiresRule,
    SelectionSource,
    ViolationCode,
    validate_configuration,
)


def configure(
    *picks: str | tuple[str, int], parent_quantity: int = 1, **attributes: object
) -> ConfigurationResult:
    selections = tuple(
        OptionSelection(p) if isinstance(p, str) else OptionSelection(p[0], p[1]) for p in picks
    )
    values = tuple(AttributeValue(code, value) for code, value in attributes.items())  # type: ignore[arg-type]
    return validate_configuration(SERVER, Configuration(selections, values), parent_quantity)


def abc_kit(*rules: RequiresRule | AutoAddRule, c_max_quantity: int | None = None) -> Product:
    """A kit of one feature with options a, b and c, and the given rules."""
    options = (
        BundleOption("a", "pa", "A"),
        BundleOption("b", "pb", "B"),
        BundleOption("c", "pc", "C", max_quantity=c_max_quantity),
    )
    return Product("kit", "Kit", bundle=Bundle((Feature("f", "F", options),), rules=rules))


def codes(result: ConfigurationResult) -> list[ViolationCode]:
    return [violation.code for violation in result.violations]


def quantities(result: ConfigurationResult) -> dict[str, int]:
    return {option.option_id: option.quantity for option in result.options}


def test_valid_configuration_resolves_required_and_included_options_with_scaled_quantities() -> (
    None
):
    result = configure("chassis-large", ("ram-16", 4), parent_quantity=3, storage_tb=d(2))
    assert result.valid
    # PER_PARENT options scale with the 3 servers; the FIXED OS licence does not.
    assert quantities(result) == {"chassis-large": 3, "ram-16": 12, "os": 1, "support": 3}
    sources = {option.option_id: option.source for option in result.options}
    assert sources["os"] is SelectionSource.REQUIRED
    assert sources["support"] is SelectionSource.INCLUDED
    assert sources["ram-16"] is SelectionSource.USER


def test_requires_rule_reports_the_missing_option() -> None:
    result = configure("chassis-large", "backup", storage_tb=d(2))
    violation = next(v for v in result.violations if v.code is ViolationCode.REQUIRES_UNMET)
    assert violation.rule_id == "r-backup-ram"
    assert violation.option_ids == ("backup", "ram-32")
    assert violation.message == "'Backup' requires 'RAM 32 GB'."


def test_excludes_rule_refuses_two_options_together() -> None:
    result = configure("chassis-small", "ram-32", storage_tb=d("0.5"))
    assert codes(result) == [ViolationCode.EXCLUDED_TOGETHER]
    assert result.violations[0].message == "'Small chassis' cannot be combined with 'RAM 32 GB'."


def test_storage_of_one_terabyte_or_more_needs_the_large_chassis() -> None:
    too_small = configure("chassis-small", storage_tb=d(1))
    assert codes(too_small) == [ViolationCode.ATTRIBUTE_CONSTRAINT]
    assert too_small.violations[0].rule_id == "a-storage"
    assert too_small.violations[0].message == "storage_tb ≥ 1 requires 'Large chassis'."
    assert configure("chassis-small", storage_tb=d("0.99")).valid
    assert configure("chassis-large", storage_tb=d(1)).valid


def test_attribute_constraint_can_require_another_attribute_value() -> None:
    result = configure("chassis-large", storage_tb=d(2), raid=True, form="tower")
    assert codes(result) == [ViolationCode.ATTRIBUTE_CONSTRAINT]
    assert result.violations[0].message == "raid = yes requires form = 'rack'."
    assert configure("chassis-large", storage_tb=d(2), raid=True, form="rack").valid
    assert configure("chassis-large", storage_tb=d(2), raid=False, form="tower").valid


def test_feature_holds_between_its_min_and_max_number_of_options() -> None:
    assert codes(configure(storage_tb=d("0.5"))) == [ViolationCode.FEATURE_MIN_OPTIONS]
    both = configure("chassis-small", "chassis-large", storage_tb=d("0.5"))
    assert codes(both) == [ViolationCode.FEATURE_MAX_OPTIONS]
    assert both.violations[0].message == "Chassis: choose at most 1 (chosen 2)."


def test_auto_add_follows_chains_and_records_the_rule() -> None:
    result = configure("chassis-large", "ram-32", "backup", parent_quantity=2, storage_tb=d(2))
    assert result.valid
    added = {
        o.option_id: (o.source, o.rule_id, o.quantity)
        for o in result.options
        if o.source is SelectionSource.AUTO_ADDED
    }
    assert added == {
        "backup-agent": (SelectionSource.AUTO_ADDED, "aa-agent", 2),
        "agent-licence": (SelectionSource.AUTO_ADDED, "aa-licence", 2),  # FIXED at default 2
    }


def test_auto_add_keeps_the_reps_own_pick_and_quantity() -> None:
    result = configure("chassis-large", "ram-32", "backup", ("backup-agent", 3), storage_tb=d(2))
    agent = next(o for o in result.options if o.option_id == "backup-agent")
    assert (agent.source, agent.quantity) == (SelectionSource.USER, 3)


def test_auto_added_options_are_checked_by_the_other_rules() -> None:
    product = abc_kit(RequiresRule("needs-c", "b", "c"), AutoAddRule("adds-b", "a", "b"))
    result = validate_configuration(product, Configuration((OptionSelection("a"),)), 1)
    assert codes(result) == [ViolationCode.REQUIRES_UNMET]
    assert result.violations[0].rule_id == "needs-c"


def test_every_violated_rule_is_reported_at_once() -> None:
    result = configure(
        "chassis-small",
        "chassis-large",
        "ram-32",
        ("ram-16", 9),
        "backup",
        "nonsense",
        storage_tb="big",
        colour="red",
    )
    assert sorted(code.value for code in codes(result)) == sorted(
        [
            "UNKNOWN_OPTION",  # nonsense
            "OPTION_QUANTITY_OUT_OF_RANGE",  # ram-16 × 9 > 8
            "INVALID_ATTRIBUTE_VALUE",  # storage_tb="big"
            "UNKNOWN_ATTRIBUTE",  # colour
            "EXCLUDED_TOGETHER",  # small chassis with 32 GB
            "FEATURE_MAX_OPTIONS",  # two chassis
            "FEATURE_MAX_OPTIONS",  # two memory options
        ]
    )
    assert not result.valid


def test_option_quantity_must_be_within_its_limits() -> None:
    result = configure("chassis-large", ("ram-16", 0), storage_tb=d(2))
    assert codes(result) == [ViolationCode.OPTION_QUANTITY_OUT_OF_RANGE]
    assert result.violations[0].message == "'RAM 16 GB' quantity 0 is outside 1–8."


def test_attribute_values_are_checked_against_their_type() -> None:
    result = configure("chassis-large", storage_tb=True, form="cube", raid="yes", label=d(3))
    assert codes(result) == [ViolationCode.INVALID_ATTRIBUTE_VALUE] * 4
    assert result.violations[1].message == "Form factor must be one of 'tower', 'rack'; got 'cube'."


def test_required_attribute_must_be_set() -> None:
    result = configure("chassis-large")
    assert codes(result) == [ViolationCode.MISSING_ATTRIBUTE]
    assert result.violations[0].attribute == "storage_tb"


def test_an_option_picked_twice_is_reported() -> None:
    result = validate_configuration(
        SERVER,
        Configuration(
            (OptionSelection("chassis-large"), OptionSelection("chassis-large")),
            (AttributeValue("storage_tb", d(1)),),
        ),
        1,
    )
    assert codes(result) == [ViolationCode.DUPLICATE_SELECTION]


def test_resolved_selection_follows_bundle_order_not_pick_order() -> None:
    forward = configure("chassis-large", "ram-32", "backup", storage_tb=d(2))
    backward = configure("backup", "ram-32", "chassis-large", storage_tb=d(2))
    assert forward == backward


def test_bundle_refuses_rules_that_name_unknown_options() -> None:
    with pytest.raises(ValueError, match="unknown options"):
        Bundle(SERVER_BUNDLE.features, rules=(RequiresRule("r", "backup", "ghost"),))


def test_option_refuses_a_default_outside_its_limits() -> None:
    with pytest.raises(ValueError):
        BundleOption("o", "p", "O", default_quantity=5, max_quantity=4)


def test_when_two_rules_add_one_option_the_first_rule_wins_whatever_the_pick_order() -> None:
    kit = abc_kit(
        AutoAddRule("from-b", "b", "c", quantity=2),
        AutoAddRule("from-a", "a", "c", 3),
        c_max_quantity=5,
    )
    for picks in (("a", "b"), ("b", "a")):
        result = validate_configuration(
            kit, Configuration(tuple(OptionSelection(p) for p in picks)), 1
        )
        added = next(o for o in result.options if o.option_id == "c")
        assert (added.rule_id, added.quantity) == ("from-b", 2)
