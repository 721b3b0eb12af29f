"""A training module's short quiz: its shape checks and the server-side scoring.

A question has choices and the set of correct ones (one or more); an answer to it is the set
of choices picked, right only when it is exactly the correct set. The pass mark is the share
of questions answered right, as a whole percent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from content.rules import Problem

QUESTIONS_MAX = 20
CHOICES_MAX = 8
PROMPT_MAX = 500
CHOICE_MAX = 200


@dataclass(frozen=True, slots=True)
class Question:
    prompt: str
    choices: tuple[str, ...]
    correct: frozenset[int]
    """Indexes into ``choices`` (from 0)."""


@dataclass(frozen=True, slots=True)
class Quiz:
    questions: tuple[Question, ...]
    pass_mark: int
    """The percent of questions answered right that passes (1-100)."""


@dataclass(frozen=True, slots=True)
class Score:
    right: int
    total: int
    percent: int
    """``right / total`` as a whole percent, rounded down (never passes by rounding up)."""
    passed: bool


def check_quiz(quiz: Quiz) -> list[Problem]:
    """Every shape problem of ``quiz`` (empty: fine), fields named as the input's."""
    problems: list[Problem] = []
    if not 1 <= quiz.pass_mark <= 100:
        problems.append(Problem("passMark", "A pass mark is a percent from 1 to 100."))
    if not 1 <= len(quiz.questions) <= QUESTIONS_MAX:
        problems.append(Problem("questions", f"From 1 to {QUESTIONS_MAX} questions."))
    for n, question in enumerate(quiz.questions):
        where = f"questions.{n}"
        if not question.prompt.strip() or len(question.prompt) > PROMPT_MAX:
            problems.append(
                Problem(f"{where}.prompt", f"A prompt of 1 to {PROMPT_MAX} characters.")
            )
        if not 2 <= len(question.choices) <= CHOICES_MAX or any(
            not c.strip() or len(c) > CHOICE_MAX for c in question.choices
        ):
            problems.append(
                Problem(
                    f"{where}.choices",
                    f"From 2 to {CHOICES_MAX} choices of 1 to {CHOICE_MAX} characters.",
                )
            )
        if not question.correct or any(
            not 0 <= c < len(question.choices) for c in question.correct
        ):
            problems.append(Problem(f"{where}.correct", "At least one correct choice, by index."))
    return problems


def check_answers(quiz: Quiz, answers: Sequence[Sequence[int]]) -> list[Problem]:
    """An answer per question, each naming existing choices."""
    if len(answers) != len(quiz.questions):
        return [Problem("answers", f"One answer per question ({len(quiz.questions)}).")]
    return [
        Problem(f"answers.{n}", "An answer picks choices of its question, by index.")
        for n, (question, picked) in enumerate(zip(quiz.questions, answers, strict=True))
        if any(not 0 <= c < len(question.choices) for c in picked)
    ]


def score(quiz: Quiz, answers: Sequence[Sequence[int]]) -> Score:
    """How ``answers`` (checked by ``check_answers``) score against ``quiz``."""
    right = sum(
        1
        for question, picked in zip(quiz.questions, answers, strict=True)
        if frozenset(picked) == question.correct
    )
    total = len(quiz.questions)
    percent = right * 100 // total if total else 0
    return Score(right, total, percent, right * 100 >= quiz.pass_mark * total)
