"""Badges awarded once per level with their facts; onboarding completed by an activity and a
sign-off earns its badge."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.users import Role
from gamification.badges import PeriodValue
from services.performance.onboarding import complete_by_activity
from tests.api.conftest import People, gid
from tests.api.contests.conftest import ERRORS, Values

DEFINE = f"mutation($input: DefineBadgeInput!) {{ defineBadge(input: $input) {{ badge {{ id key }} {ERRORS} }} }}"
EVALUATE = f"mutation($input: EvaluateBadgeInput!) {{ evaluateBadge(input: $input) {{ newLevels {ERRORS} }} }}"
MY_BADGES = "{ myBadges { badge { key } level period value threshold programme explanation } }"
CREATE = f"mutation($input: CreateOnboardingProgrammeInput!) {{ createOnboardingProgramme(input: $input) {{ programme {{ id badge {{ key }} items {{ id title activityKind }} }} {ERRORS} }} }}"
ENROL = f"mutation($input: EnrolInOnboardingInput!) {{ enrolInOnboarding(input: $input) {{ completed {ERRORS} }} }}"
SIGN_OFF = f"mutation($input: SignOffOnboardingItemInput!) {{ signOffOnboardingItem(input: $input) {{ completed programme {{ name }} {ERRORS} }} }}"
MY_ONBOARDING = "{ myOnboarding { programme { name } done total percent completed nextItem { title } checklist { done item { title } } } }"


async def test_a_badge_level_is_awarded_once_even_when_evaluated_twice(
    people: People, values: Values
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    ann = await people.add("Ann")
    badge = (
        await ops.mutate(
            DEFINE,
            {
                "key": "dialer",
                "name": "Dialer",
                "metricKey": "dials",
                "grain": "DAY",
                "thresholds": ["50", "100"],
            },
        )
    )["badge"]
    values.periods[ann.id] = [
        PeriodValue("2026-12-01", Decimal(60)),
        PeriodValue("2026-12-02", Decimal(120)),
    ]
    evaluate = {"badgeId": badge["id"], "repId": gid("User", ann.id)}

    first = await ops.mutate(EVALUATE, evaluate)
    second = await ops.mutate(EVALUATE, evaluate)
    mine = (await (await people.sign_in(ann)).data(MY_BADGES))["myBadges"]

    assert (first["newLevels"], second["newLevels"]) == ([1, 2], [])
    assert [(b["level"], b["period"], b["value"], b["threshold"]) for b in mine] == [
        (1, "2026-12-01", "60.000000", "50.000000"),
        (2, "2026-12-02", "120.000000", "100.000000"),
    ]
    assert mine[1]["explanation"] == "120 in 2026-12-02 reached 100 (level 2)"


async def test_bad_badge_thresholds_and_unknown_metrics_are_typed_errors(
    people: People, values: Values
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    badge = {"key": "x", "name": "X", "metricKey": "dials", "grain": "DAY"}

    falling = await ops.mutate(DEFINE, {**badge, "thresholds": ["10", "5"]})
    unknown = await ops.mutate(DEFINE, {**badge, "metricKey": "vibes", "thresholds": ["1"]})

    assert [(e["code"], e["field"]) for e in falling["userErrors"]] == [
        ("INVALID", ["input", "thresholds"])
    ]
    assert [(e["code"], e["field"]) for e in unknown["userErrors"]] == [
        ("NOT_FOUND", ["input", "metricKey"])
    ]


async def test_an_onboarding_programme_completed_by_an_activity_and_a_sign_off_earns_its_badge(
    app: Starlette, people: People
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    boss = await people.add("Mia Manager", Role.MANAGER)
    ann = await people.add("Ann", manager=boss)
    items = [
        {"title": "Complete ethics training", "activityKind": "TRAINING_COMPLETED"},
        {"title": "Show competent use of the sales tools"},
    ]
    programme = (await ops.mutate(CREATE, {"name": "New hire", "items": items}))["programme"]
    manager = await people.sign_in(boss)
    rep = await people.sign_in(ann)
    enrolled = await manager.mutate(
        ENROL, {"programmeId": programme["id"], "repId": gid("User", ann.id)}
    )
    sign_off = {"itemId": programme["items"][1]["id"], "repId": gid("User", ann.id)}

    signed = await manager.mutate(SIGN_OFF, sign_off)
    halfway = (await rep.data(MY_ONBOARDING))["myOnboarding"][0]
    async with create_session_factory(app.state.engine).begin() as session:
        assert (
            await complete_by_activity(session, ann.id, "TRAINING_COMPLETED", datetime.now(UTC))
            == 1
        )
    done = (await rep.data(MY_ONBOARDING))["myOnboarding"][0]
    again = await manager.mutate(SIGN_OFF, sign_off)
    badges = (await rep.data(MY_BADGES))["myBadges"]

    assert enrolled == {"completed": False, "userErrors": []}
    assert signed["userErrors"] == [] and signed["completed"] is False
    assert (halfway["done"], halfway["total"], halfway["percent"]) == (1, 2, "50.00")
    assert halfway["nextItem"] == {"title": "Complete ethics training"}
    assert (done["completed"], done["percent"], done["nextItem"]) == (True, "100.00", None)
    assert again["completed"] is True
    assert [(b["badge"]["key"], b["level"], b["programme"]) for b in badges] == [
        ("onboarding:New hire", 1, "New hire")
    ]


async def test_only_the_reps_manager_signs_off_and_only_sign_off_items(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    ann = await people.add("Ann", manager=await people.add("Mia Manager", Role.MANAGER))
    stranger = await people.sign_in(await people.add("Max Manager", Role.MANAGER))
    items = [
        {"title": "Training", "activityKind": "TRAINING_COMPLETED"},
        {"title": "Interview a top rep"},
    ]
    programme = (await ops.mutate(CREATE, {"name": "New hire", "items": items}))["programme"]
    await ops.mutate(ENROL, {"programmeId": programme["id"], "repId": gid("User", ann.id)})

    foreign = await stranger.mutate(
        SIGN_OFF, {"itemId": programme["items"][1]["id"], "repId": gid("User", ann.id)}
    )
    activity_item = await ops.mutate(
        SIGN_OFF, {"itemId": programme["items"][0]["id"], "repId": gid("User", ann.id)}
    )
    empty = await ops.mutate(CREATE, {"name": "Nothing", "items": []})

    assert [e["code"] for e in foreign["userErrors"]] == ["FORBIDDEN"]
    assert [(e["code"], e["field"]) for e in activity_item["userErrors"]] == [
        ("INVALID", ["input", "itemId"])
    ]
    assert [(e["code"], e["field"]) for e in empty["userErrors"]] == [
        ("REQUIRED", ["input", "items"])
    ]
