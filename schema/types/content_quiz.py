"""A training module's quiz as a reader sees it (the correct choices only for OPS)."""

from __future__ import annotations

import strawberry

from db.models.content import ContentQuiz as QuizRow


@strawberry.type(description="One question of a quiz.")
class ContentQuizQuestion:
    prompt: str
    """The question."""
    choices: list[str]
    """The choices; answers pick them by index (from 0)."""
    correct: list[int] | None
    """The indexes of the correct choices: for OPS only, null for everyone else."""


@strawberry.type(
    description="A training module's short quiz; `submitContentQuiz` scores answers to it."
)
class ContentQuiz:
    questions: list[ContentQuizQuestion]
    """The questions, in order."""
    pass_mark: int
    """The percent of questions answered right that passes."""
    version: int
    """Bumped each time OPS replaces the quiz."""

    @classmethod
    def from_row(cls, row: QuizRow, *, with_answers: bool) -> ContentQuiz:
        return cls(
            questions=[
                ContentQuizQuestion(
                    prompt=q["prompt"],
                    choices=list(q["choices"]),
                    correct=list(q["correct"]) if with_answers else None,
                )
                for q in row.questions
            ],
            pass_mark=row.pass_mark,
            version=row.version,
        )
