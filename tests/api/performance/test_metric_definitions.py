"""Metric definitions are data OPS edits: each edit a new version, its history recomputed, and
every value names its version; targets give attainment and the card's hierarchy profile."""

from __future__ import annotations

from typing import Any

from tests.api.performance.conftest import Team

DAY = "2026-11-16"
DEFINITION = (
    "metric { key version sourceKinds numerator denominator } userErrors { code field message }"
)
UPDATE = f"mutation($input: MetricDefinitionInput!) {{ updateMetricDefinition(input: $input) {{ {DEFINITION} }} }}"
DEFINE = (
    f"mutation($input: MetricDefinitionInput!) {{ defineMetric(input: $input) {{ {DEFINITION} }} }}"
)
TARGET = """
mutation($input: SetKpiTargetInput!) {
  setKpiTarget(input: $input) { target { metric target periodStart } userErrors { code field } }
}
"""
CARD = """
query { myKpiCard(grain: DAY, on: "2026-11-16") {
  kpis { metric { key } value target attainment }
  profile { level standing attainment metrics }
} }
"""


def calls(**changes: Any) -> dict[str, Any]:
    return {
        "key": "CALLS",
        "name": "Calls",
        "aggregate": "SUM",
        "measure": "QUANTITY",
        "level": "ENGAGE",
        "sourceKinds": ["DIAL"],
        **changes,
    }


async def shift(team: Team) -> None:
    activities = [
        {"kind": "DIAL", "occurredAt": f"{DAY}T09:00:00Z", "quantity": "3"},
        {"kind": "EMAIL", "occurredAt": f"{DAY}T10:00:00Z", "quantity": "2"},
        {"kind": "SHIFT", "occurredAt": f"{DAY}T08:00:00Z", "durationSeconds": 7200},
    ]
    assert (await team.record(team.ray, activities))["userErrors"] == []


async def value_of(team: Team, key: str) -> dict[str, Any]:
    rows = await team.kpis(team.ray, metrics=[key], on=DAY)
    return rows[(team.gid("ray"), key)]


async def test_a_changed_definition_is_a_new_version_recomputed_from_the_log(team: Team) -> None:
    await shift(team)
    assert (await value_of(team, "CALLS"))["value"] == "3.0000"

    updated = await team.ops.mutate(UPDATE, calls(sourceKinds=["DIAL", "EMAIL"]))

    assert updated["userErrors"] == [] and updated["metric"]["version"] == 2
    row = await value_of(team, "CALLS")
    assert (row["value"], row["metric"]["version"], row["explanation"]["definitionVersion"]) == (
        "5.0000",
        2,
        2,
    )
    per_hour = await value_of(team, "CALLS_PER_HOUR")  # the ratio reads the new version
    assert per_hour["value"] == "2.5000"
    more = [{"kind": "EMAIL", "occurredAt": f"{DAY}T11:00:00Z"}]
    assert (await team.record(team.ray, more))["userErrors"] == []
    assert (await value_of(team, "CALLS"))["value"] == "6.0000"
    assert await team.drift() == []


async def test_a_new_ratio_metric_gets_its_history_and_bad_definitions_are_refused(
    team: Team,
) -> None:
    await shift(team)
    ratio = {
        "key": "EMAILS_PER_CALL",
        "name": "Emails per call",
        "aggregate": "RATIO",
        "level": "ENGAGE",
        "numerator": "EMAILS",
        "denominator": "CALLS",
    }
    made = await team.ops.mutate(DEFINE, ratio)
    again = await team.ops.mutate(DEFINE, ratio)
    cyclic = await team.ops.mutate(DEFINE, {**ratio, "key": "SELFISH", "numerator": "SELFISH"})
    unknown = await team.ops.mutate(UPDATE, calls(sourceKinds=["NOPE"]))
    by_rep = await team.ray(
        "mutation($input: MetricDefinitionInput!) { defineMetric(input: $input) { userErrors { code } } }",
        {"input": ratio},
    )

    assert made["userErrors"] == [] and made["metric"]["version"] == 1
    assert (await value_of(team, "EMAILS_PER_CALL"))["value"] == "0.6667"
    assert [e["code"] for e in again["userErrors"]] == ["ALREADY_EXISTS"]
    assert [(e["code"], e["field"]) for e in cyclic["userErrors"]] == [
        ("INVALID", ["input", "numerator"])
    ]
    assert [(e["code"], e["field"]) for e in unknown["userErrors"]] == [
        ("INVALID", ["input", "sourceKinds"])
    ]
    assert by_rep["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_targets_give_attainment_and_the_card_shows_strong_and_weak_levels(
    team: Team,
) -> None:
    await shift(team)
    standing = await team.ops.mutate(TARGET, {"metric": "CALLS", "target": "2"})
    rays = await team.manager.mutate(
        TARGET,
        {"metric": "WORKED_HOURS", "target": "4", "repId": team.gid("ray"), "periodStart": DAY},
    )
    foreign = await team.manager.mutate(
        TARGET, {"metric": "EMAILS", "target": "4", "repId": team.gid("ola")}
    )
    assert standing["userErrors"] == [] and rays["userErrors"] == []
    assert [e["code"] for e in foreign["userErrors"]] == ["FORBIDDEN"]

    card = (await team.ray.data(CARD))["myKpiCard"]

    by_key = {k["metric"]["key"]: k for k in card["kpis"]}
    assert (by_key["CALLS"]["target"], by_key["CALLS"]["attainment"]) == ("2.0000", "1.5000")
    hours = by_key["WORKED_HOURS"]
    assert (hours["target"], hours["attainment"]) == ("4.0000", "0.5000")
    levels = {p["level"]: (p["standing"], p["attainment"], p["metrics"]) for p in card["profile"]}
    assert levels["ENGAGE"] == ("STRONG", "1.5000", ["CALLS"])
    assert levels["MANAGE"] == ("WEAK", "0.5000", ["WORKED_HOURS"])
    assert levels["DEVELOP"] == ("NO_TARGETS", None, [])
