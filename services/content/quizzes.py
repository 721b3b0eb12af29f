"""Training quizzes: OPS sets a training module's quiz; a rep submits answers, scored here
on the server; a pass records TRAINING_COMPLETED (once per rep and module), which completes
the first open onboarding item waiting for that kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from content.quiz import Question, Quiz, check_answers, check_quiz, score
from content.rules import ContentKind, Problem
from db.actor import Actor
from db.models.content import ContentItem, ContentQuiz, ContentQuizAttempt
from db.models.users import Role
from services.content.tracking import readable_item, record_activity
from services.refusal import Code, Refusal, Refused, refuse
from services.rows import get_or_refuse


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    prompt: str
    choices: Sequence[str]
    correct: Sequence[int]


def _refused(problems: list[Problem]) -> Refused:
    return Refused(
        *(Refusal(Code.INVALID, p.message, ("input", *p.field.split("."))) for p in problems)
    )


def quiz_of(row: ContentQuiz) -> Quiz:
    """A stored quiz as the engine's value."""
    return Quiz(
        tuple(
            Question(q["prompt"], tuple(q["choices"]), frozenset(q["correct"]))
            for q in row.questions
        ),
        row.pass_mark,
    )


def _stored(quiz: Quiz) -> list[dict[str, Any]]:
    return [
        {"prompt": q.prompt, "choices": list(q.choices), "correct": sorted(q.correct)}
        for q in quiz.questions
    ]


async def set_content_quiz(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    item_id: int,
    questions: Sequence[QuizQuestion],
    pass_mark: int,
) -> ContentItem:
    """``setContentQuiz`` (OPS): a training module's quiz, replacing any it had."""
    if not actor.has_any(Role.OPS):
        raise refuse(Code.FORBIDDEN, "Only OPS sets quizzes.")
    item = await get_or_refuse(
        session, ContentItem, item_id, name="ContentItem", field=("input", "contentItemId")
    )
    if item.kind != ContentKind.TRAINING_MODULE.value:
        raise refuse(Code.INVALID, "Only a training module has a quiz.", ("input", "contentItemId"))
    quiz = Quiz(
        tuple(Question(q.prompt, tuple(q.choices), frozenset(q.correct)) for q in questions),
        pass_mark,
    )
    if problems := check_quiz(quiz):
        raise _refused(problems)
    row = await session.get(ContentQuiz, item.id, with_for_update=True)
    if row is None:
        session.add(
            ContentQuiz(content_item_id=item.id, questions=_stored(quiz), pass_mark=pass_mark)
        )
    else:
        row.questions, row.pass_mark = _stored(quiz), pass_mark
        row.version += 1
    await session.flush()
    return item


async def submit_content_quiz(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    item_id: int,
    answers: Sequence[Sequence[int]],
) -> ContentQuizAttempt:
    """``submitContentQuiz``: score the answers, record the attempt; the first pass records
    TRAINING_COMPLETED (a later pass finds it already known)."""
    item = await readable_item(session, actor, now, item_id, "contentItemId")
    row = await session.get(ContentQuiz, item.id)
    if row is None:
        raise refuse(Code.NOT_FOUND, "This item has no quiz.", ("input", "contentItemId"))
    quiz = quiz_of(row)
    if problems := check_answers(quiz, answers):
        raise _refused(problems)
    got = score(quiz, answers)
    attempt = ContentQuizAttempt(
        content_item_id=item.id,
        rep_id=actor.user_id,
        answers=[sorted(set(a)) for a in answers],
        right=got.right,
        total=got.total,
        percent=got.percent,
        passed=got.passed,
        attempted_at=now,
    )
    session.add(attempt)
    await session.flush()
    if got.passed:
        await record_activity(
            session,
            actor,
            now,
            "TRAINING_COMPLETED",
            f"content-training:{item.id}",
            attributes=(("content_item", str(item.id)), ("score", str(got.percent))),
        )
    return attempt
