"""A batch is reviewed whole: every problem is named with its item's path, or none is stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gamification.activities import ActivityInput, ProblemCode, review_batch
from gamification.hierarchy import STANDARD_BY_KEY

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
TOLERANCE = timedelta(minutes=5)


def review(batch: list[ActivityInput], own: int = 1) -> list[tuple[str, tuple[str, ...]]]:
    problems = review_batch(batch, STANDARD_BY_KEY, NOW, TOLERANCE, 1000, lambda rep: rep == own)
    return [(p.code.value, p.field) for p in problems]


def dial(**changes: object) -> ActivityInput:
    values: dict[str, object] = {"rep_id": 1, "kind": "DIAL", "occurred_at": NOW} | changes
    return ActivityInput(**values)  # type: ignore[arg-type]


def test_a_clean_batch_has_no_problems() -> None:
    assert review([dial(), dial(kind="SHIFT", duration_seconds=3600)]) == []


def test_each_problem_names_the_item_and_field() -> None:
    batch = [
        dial(),
        dial(occurred_at=NOW + timedelta(minutes=6)),
        dial(kind="NOPE"),
        dial(kind="SALE"),
        dial(rep_id=2),
        dial(quantity=Decimal(0)),
        dial(amount=Decimal(-1)),
        dial(kind="SHIFT"),
    ]
    assert review(batch) == [
        ("IN_FUTURE", ("activities", "1", "occurredAt")),
        ("UNKNOWN_KIND", ("activities", "2", "kind")),
        ("NOT_RECORDABLE", ("activities", "3", "kind")),
        ("OTHER_REP", ("activities", "4", "repId")),
        ("INVALID_QUANTITY", ("activities", "5", "quantity")),
        ("INVALID_AMOUNT", ("activities", "6", "amount")),
        ("INVALID_DURATION", ("activities", "7", "durationSeconds")),
    ]


def test_within_the_tolerance_is_not_the_future() -> None:
    assert review([dial(occurred_at=NOW + TOLERANCE)]) == []


def test_an_external_id_twice_in_one_batch_is_refused() -> None:
    batch = [dial(external_id="x"), dial(external_id="x")]
    assert review(batch) == [("DUPLICATE_EXTERNAL_ID", ("activities", "1", "externalId"))]


@given(st.integers(1001, 1100))
def test_an_oversized_batch_is_refused_as_a_whole(size: int) -> None:
    assert review([dial()] * size) == [(ProblemCode.TOO_MANY.value, ("activities",))]


def test_an_activity_on_an_account_is_about_that_customer() -> None:
    assert dial(account_id=7).fact().customer_key == "account:7"
    assert dial(contact="kim@example.com").fact().customer_key == "kim@example.com"
