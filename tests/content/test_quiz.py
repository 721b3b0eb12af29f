"""Quiz scoring: exact sets are right, the pass mark is a whole-percent threshold."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from content.quiz import Question, Quiz, check_answers, check_quiz, score

Q = Question("Which?", ("a", "b", "c"), frozenset({0, 2}))
ONE = Question("One?", ("x", "y"), frozenset({1}))


def test_an_answer_is_right_only_when_it_is_exactly_the_correct_set() -> None:
    quiz = Quiz((Q, ONE), pass_mark=50)
    assert score(quiz, [[2, 0], [1]]).right == 2
    assert score(quiz, [[0], [1]]).right == 1
    assert score(quiz, [[0, 1, 2], []]).right == 0
    assert score(quiz, [[0], [1]]).passed
    assert not score(Quiz((Q, ONE), 51), [[0], [1]]).passed


def test_bad_quizzes_and_answers_name_their_fields() -> None:
    bad = Quiz((Question(" ", ("a",), frozenset({3})),), pass_mark=0)
    assert [p.field for p in check_quiz(bad)] == [
        "passMark",
        "questions.0.prompt",
        "questions.0.choices",
        "questions.0.correct",
    ]
    quiz = Quiz((Q, ONE), 50)
    assert [p.field for p in check_answers(quiz, [[0]])] == ["answers"]
    assert [p.field for p in check_answers(quiz, [[0], [5]])] == ["answers.1"]
    assert check_answers(quiz, [[0], [1]]) == []


questions = st.builds(
    lambda n, picks: Question("q", tuple("abcdef"[:n]), frozenset(p % n for p in picks)),
    st.integers(2, 6),
    st.sets(st.integers(0, 5), min_size=1, max_size=3),
)


@given(st.lists(questions, min_size=1, max_size=10), st.integers(1, 100), st.data())
def test_scores_are_bounded_and_the_correct_answers_always_pass(
    qs: list[Question], mark: int, data: st.DataObject
) -> None:
    quiz = Quiz(tuple(qs), mark)
    assert check_quiz(quiz) == []
    perfect = score(quiz, [sorted(q.correct) for q in qs])
    assert (perfect.right, perfect.percent, perfect.passed) == (len(qs), 100, True)
    answers = [data.draw(st.lists(st.integers(0, len(q.choices) - 1), max_size=3)) for q in qs]
    got = score(quiz, answers)
    assert 0 <= got.right <= got.total == len(qs)
    assert got.passed == (got.right * 100 >= mark * len(qs))
    assert got.percent <= 100
