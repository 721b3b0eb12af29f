"""A training module's quiz: OPS sets it, reps see it without the answers, the server scores
submissions, and a pass completes the onboarding item waiting for training (once)."""

from __future__ import annotations

from db.models.users import Role
from tests.api.conftest import People, gid
from tests.api.contests.test_badges_onboarding import CREATE as PROGRAMME
from tests.api.contests.test_badges_onboarding import ENROL, MY_ONBOARDING

ERRORS = "userErrors { code field message }"
CREATE = "mutation($input: CreateContentItemInput!) { createContentItem(input: $input) { contentItem { id } userErrors { code } } }"
SET = f"mutation($input: SetContentQuizInput!) {{ setContentQuiz(input: $input) {{ contentItem {{ quiz {{ passMark version questions {{ prompt choices correct }} }} }} {ERRORS} }} }}"
SUBMIT = f"mutation($input: SubmitContentQuizInput!) {{ submitContentQuiz(input: $input) {{ attempt {{ right total percent passed contentItem {{ title }} }} {ERRORS} }} }}"
READ = "query($id: ID!) { contentItem(id: $id) { quiz { passMark questions { prompt choices correct } } } }"
QUESTIONS = [
    {
        "prompt": "Which tier includes SSO?",
        "choices": ["Basic", "Pro", "Enterprise"],
        "correct": [2],
    },
    {
        "prompt": "Pick both discounts that need approval",
        "choices": ["5%", "20%", "30%"],
        "correct": [1, 2],
    },
]


async def test_passing_the_quiz_completes_the_onboarding_item_once(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    ann = await people.add("Ann")
    rep = await people.sign_in(ann)
    module = (
        await ops.mutate(
            CREATE, {"kind": "TRAINING_MODULE", "title": "Tiers and discounts", "language": "en"}
        )
    )["contentItem"]["id"]
    items = [{"title": "Pass the tiers training", "activityKind": "TRAINING_COMPLETED"}]
    programme = (await ops.mutate(PROGRAMME, {"name": "New hire", "items": items}))["programme"]
    await ops.mutate(ENROL, {"programmeId": programme["id"], "repId": gid("User", ann.id)})

    set_ = await ops.mutate(SET, {"contentItemId": module, "questions": QUESTIONS, "passMark": 100})
    seen = (await rep.data(READ, {"id": module}))["contentItem"]["quiz"]
    failed = await rep.mutate(SUBMIT, {"contentItemId": module, "answers": [[2], [1]]})
    before = (await rep.data(MY_ONBOARDING))["myOnboarding"][0]
    passed = await rep.mutate(SUBMIT, {"contentItemId": module, "answers": [[2], [2, 1]]})
    after = (await rep.data(MY_ONBOARDING))["myOnboarding"][0]
    again = await rep.mutate(SUBMIT, {"contentItemId": module, "answers": [[2], [1, 2]]})

    assert set_["userErrors"] == []
    assert set_["contentItem"]["quiz"]["questions"][1]["correct"] == [1, 2]
    assert [q["correct"] for q in seen["questions"]] == [None, None]
    assert seen["questions"][0]["choices"] == ["Basic", "Pro", "Enterprise"]
    assert failed["attempt"] == {
        "right": 1,
        "total": 2,
        "percent": 50,
        "passed": False,
        "contentItem": {"title": "Tiers and discounts"},
    }
    assert (before["done"], before["completed"]) == (0, False)
    assert passed["attempt"]["passed"] and passed["attempt"]["percent"] == 100
    assert (after["done"], after["completed"]) == (1, True)
    assert again["attempt"]["passed"] and again["userErrors"] == []


async def test_bad_quizzes_and_answers_are_typed_errors(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Ann"))
    sheet = (
        await ops.mutate(CREATE, {"kind": "PRODUCT_SHEET", "title": "Sheet", "language": "en"})
    )["contentItem"]["id"]
    module = (
        await ops.mutate(CREATE, {"kind": "TRAINING_MODULE", "title": "M", "language": "en"})
    )["contentItem"]["id"]

    not_training = await ops.mutate(
        SET, {"contentItemId": sheet, "questions": QUESTIONS, "passMark": 50}
    )
    bad = await ops.mutate(
        SET,
        {
            "contentItemId": module,
            "questions": [{"prompt": "Q", "choices": ["a"], "correct": [4]}],
            "passMark": 0,
        },
    )
    no_quiz = await rep.mutate(SUBMIT, {"contentItemId": module, "answers": [[0]]})
    await ops.mutate(SET, {"contentItemId": module, "questions": QUESTIONS, "passMark": 50})
    wrong_count = await rep.mutate(SUBMIT, {"contentItemId": module, "answers": [[0]]})
    wrong_choice = await rep.mutate(SUBMIT, {"contentItemId": module, "answers": [[0], [9]]})
    by_rep = await rep(
        SET, {"input": {"contentItemId": module, "questions": QUESTIONS, "passMark": 50}}
    )

    assert [(e["code"], e["field"]) for e in not_training["userErrors"]] == [
        ("INVALID", ["input", "contentItemId"])
    ]
    assert [e["field"] for e in bad["userErrors"]] == [
        ["input", "passMark"],
        ["input", "questions", "0", "choices"],
        ["input", "questions", "0", "correct"],
    ]
    assert [(e["code"], e["field"]) for e in no_quiz["userErrors"]] == [
        ("NOT_FOUND", ["input", "contentItemId"])
    ]
    assert wrong_count["userErrors"][0]["field"] == ["input", "answers"]
    assert wrong_choice["userErrors"][0]["field"] == ["input", "answers", "1"]
    assert by_rep["errors"][0]["extensions"]["code"] == "FORBIDDEN"
