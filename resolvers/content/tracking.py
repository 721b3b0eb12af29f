"""``recordContentView``, ``shareContent``, ``setContentQuiz`` and ``submitContentQuiz``."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from content.quiz import CHOICE_MAX, PROMPT_MAX
from db.models.users import Role
from resolvers.fields import mutation_field
from resolvers.mutation import Arguments, idempotency_key_field, key, mutation
from schema.text_limits import IdempotencyKey, MaxLength
from schema.types.content import ContentItem
from schema.types.content_tracking import ContentActivity, ContentQuizAttempt
from services.content import quizzes, tracking
from services.content.quizzes import QuizQuestion


@strawberry.input(description="A content item the rep opened.")
class RecordContentViewInput:
    content_item_id: relay.GlobalID
    """The item."""
    quote_id: relay.GlobalID | None = None
    """The quote whose customer it was opened with (an ROI tool so shown is an ROI demo)."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@strawberry.input(description="A content item to show in a quote's customer view.")
class ShareContentInput:
    content_item_id: relay.GlobalID
    """The item (live, for your roles)."""
    quote_id: relay.GlobalID
    """Your quote."""


@strawberry.input(description="One question: its choices and which of them are correct.")
class ContentQuizQuestionInput:
    prompt: Annotated[str, MaxLength(PROMPT_MAX)]
    """The question."""
    choices: list[Annotated[str, MaxLength(CHOICE_MAX)]]
    """2 to 8 choices."""
    correct: list[int]
    """Indexes (from 0) of the correct choices; an answer is right when it picks exactly these."""


@strawberry.input(description="A training module's quiz, replacing any it had.")
class SetContentQuizInput:
    content_item_id: relay.GlobalID
    """The training module."""
    questions: list[ContentQuizQuestionInput]
    """1 to 20 questions."""
    pass_mark: int
    """The percent of questions answered right that passes (1-100)."""


@strawberry.input(description="Answers to a training module's quiz.")
class SubmitContentQuizInput:
    content_item_id: relay.GlobalID
    """The training module."""
    answers: list[list[int]]
    """One answer per question, in order: the indexes of the choices picked."""


def _item(input: object) -> object:
    return key(input.content_item_id, "ContentItem", "contentItemId")  # type: ignore[attr-defined]


@mutation(tracking.record_content_view, ContentActivity, field="activity")
def record_content_view(input: RecordContentViewInput) -> Arguments:
    quote = None if input.quote_id is None else key(input.quote_id, "Quote", "quoteId")
    return _item(input), quote


@mutation(tracking.share_content, ContentActivity, field="activity")
def share_content(input: ShareContentInput) -> Arguments:
    return _item(input), key(input.quote_id, "Quote", "quoteId")


@mutation(quizzes.set_content_quiz, ContentItem)
def set_content_quiz(input: SetContentQuizInput) -> Arguments:
    questions = [QuizQuestion(q.prompt, q.choices, q.correct) for q in input.questions]
    return _item(input), questions, input.pass_mark


@mutation(quizzes.submit_content_quiz, ContentQuizAttempt, field="attempt")
def submit_content_quiz(input: SubmitContentQuizInput) -> Arguments:
    return _item(input), input.answers


@strawberry.type
class ContentTrackingMutations:
    record_content_view = mutation_field(
        record_content_view,
        "Record that you opened a content item (with a quote: in front of its customer; an "
        "ROI tool so shown counts as an ROI demo, once per quote). Errors: NOT_FOUND, "
        "INVALID_STATE (retired).",
    )
    share_content = mutation_field(
        share_content,
        "Share a content item with your quote's customer: it appears in the shared quote's "
        "`sharedContent` and counts as content shared (an ROI tool also as an ROI demo); "
        "sharing it again returns the first share. Errors: NOT_FOUND, INVALID_STATE.",
    )
    set_content_quiz = mutation_field(
        set_content_quiz,
        "Give a training module its quiz, replacing any it had. Errors: INVALID (shapes, "
        "not a training module), NOT_FOUND.",
        Role.OPS,
    )
    submit_content_quiz = mutation_field(
        submit_content_quiz,
        "Answer a training module's quiz: scored on the server and recorded; a pass counts as "
        "training completed (once per module) and completes an onboarding item waiting for "
        "it. Errors: INVALID (answers), NOT_FOUND (item or quiz), INVALID_STATE (retired).",
    )
