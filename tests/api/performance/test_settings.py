"""Settings: the week start moves weeks; a rep's time zone moves their days, rollups follow."""

from __future__ import annotations

from tests.api.performance.conftest import Team

ZONE = """
mutation($input: SetTimeZoneInput!) {
  setTimeZone(input: $input) { zone { userId timeZone } userErrors { code field } }
}
"""
SETTINGS = """
mutation($input: SetPerformanceSettingsInput!) {
  setPerformanceSettings(input: $input) {
    settings { weekStart futureToleranceSeconds } userErrors { code field }
  }
}
"""


async def test_a_new_time_zone_moves_the_reps_day_and_leaves_no_drift(team: Team) -> None:
    late = [{"kind": "DIAL", "occurredAt": "2026-11-16T20:00:00Z"}]  # 03:00 on the 17th in Bangkok
    await team.record(team.ray, late)
    before = await team.kpis(team.ray, metrics=["CALLS"], on="2026-11-16")

    moved = await team.ray.mutate(ZONE, {"timeZone": "Asia/Bangkok"})
    bad = await team.ray.mutate(ZONE, {"timeZone": "Mars/Olympus"})
    others = await team.ray.mutate(ZONE, {"timeZone": "UTC", "userId": team.gid("sue")})

    after = await team.kpis(team.ray, metrics=["CALLS"], on="2026-11-17")
    assert moved["zone"] == {"userId": team.gid("ray"), "timeZone": "Asia/Bangkok"}
    assert before[(team.gid("ray"), "CALLS")]["value"] == "1.0000"
    assert after[(team.gid("ray"), "CALLS")]["value"] == "1.0000"
    assert [(e["code"], e["field"]) for e in bad["userErrors"]] == [
        ("INVALID", ["input", "timeZone"])
    ]
    assert [e["code"] for e in others["userErrors"]] == ["NOT_FOUND"]
    assert await team.drift() == []


async def test_weeks_start_on_the_day_ops_chooses(team: Team) -> None:
    sunday = [{"kind": "DIAL", "occurredAt": "2026-11-15T10:00:00Z"}]
    await team.record(team.ray, sunday)

    monday_weeks = await team.kpis(team.ray, metrics=["CALLS"], grain="WEEK", on="2026-11-16")
    changed = await team.ops.mutate(SETTINGS, {"weekStart": 6, "futureToleranceSeconds": 60})
    sunday_weeks = await team.kpis(team.ray, metrics=["CALLS"], grain="WEEK", on="2026-11-16")

    assert changed["settings"] == {"weekStart": 6, "futureToleranceSeconds": 60}
    ray = (team.gid("ray"), "CALLS")
    assert (monday_weeks[ray]["value"], monday_weeks[ray]["periodLabel"]) == (
        "0.0000",
        "W2026-11-16",
    )
    assert (sunday_weeks[ray]["value"], sunday_weeks[ray]["periodLabel"]) == (
        "1.0000",
        "W2026-11-15",
    )
