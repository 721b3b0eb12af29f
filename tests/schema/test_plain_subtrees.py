"""A selection of plain fields only, completed by ``PlainLeafExecutor``'s flat loop, answers
exactly as strawberry's own executor: the same data (aliases, fragments, ``__typename``,
nested objects and lists) and, where the loop gives up, the same errors and null
propagation; and the loop is taken where it should be and not elsewhere."""

from __future__ import annotations

from typing import Any

import pytest
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

import schema.plain_leaves as plain_leaves
from schema.plain_leaves import PlainLeafExecutor
from tests.schema.test_plain_leaves import CASES
from tests.schema.test_plain_leaves import _answer as plain_answer

PLAIN = """query Q($case: String!) { holder(case: $case) {
  item { __typename name colour required tags
         parts { value currency } amount { value currency note } maybe { value currency } }
  optionalItem { ...Bits again: name parts { __typename value note } }
  } }
  fragment Bits on Item { name required tags amount { value currency } }"""

WITH_DIRECTIVE = """query Q($case: String!) { holder(case: $case) {
  item { name tags @include(if: true) amount { value @skip(if: false) } } } }"""


def _answer(executor: type[Any], query: str, case: str) -> tuple[Any, list[tuple[str, Any]]]:
    return plain_answer(executor, case, query)


@pytest.fixture
def flat_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many objects the flat loop completed (counted at its outermost calls)."""
    calls: list[int] = []
    original = plain_leaves._complete_flat

    def counted(plan: Any, source: Any) -> Any:
        calls.append(1)
        return original(plan, source)

    monkeypatch.setattr(plain_leaves, "_complete_flat", counted)
    return calls


@pytest.mark.parametrize("case", CASES)
def test_a_plain_selection_answers_as_strawberrys_executor(case: str) -> None:
    data, errors = _answer(PlainLeafExecutor, PLAIN, case)
    assert data is not None or errors  # the document itself is valid
    assert (
        (data, errors)
        == _answer(PlainLeafExecutor, PLAIN, case)
        == _answer(StrawberryGraphQLCoreExecutionContext, PLAIN, case)
    )


def test_the_flat_loop_answers_plain_selections(flat_calls: list[int]) -> None:
    data, errors = _answer(PlainLeafExecutor, PLAIN, "ok")
    assert errors == []
    item = data["holder"]["item"]
    assert item["__typename"] == "Item"
    assert item["parts"] == [{"value": "0.5", "currency": "USD"}]
    assert item["maybe"] == {"value": "2", "currency": "EUR"}
    assert flat_calls  # Holder.item and the objects below it went through the loop


def test_the_loop_gives_way_to_the_usual_path_on_errors(flat_calls: list[int]) -> None:
    data, errors = _answer(PlainLeafExecutor, PLAIN, "required_null")
    assert flat_calls
    assert data is None  # Holder.item and holder are non-null: the null goes up to the root
    assert (
        "Cannot return null for non-nullable field Item.required.",
        ["holder", "item", "required"],
    ) in errors
    _, errors = _answer(PlainLeafExecutor, PLAIN, "broken_part")
    assert ("broken value", ["holder", "optionalItem", "parts", 0, "value"]) in errors


def test_directives_and_resolvers_keep_the_usual_path(flat_calls: list[int]) -> None:
    assert _answer(PlainLeafExecutor, WITH_DIRECTIVE, "ok") == _answer(
        StrawberryGraphQLCoreExecutionContext, WITH_DIRECTIVE, "ok"
    )
    # Item's selection has directives and Holder's an object below them: no loop at either,
    # only Amount (whose selection has a directive too): none at all.
    assert flat_calls == []
    mixed = 'query { holder(case: "ok") { item { name twice } } }'
    assert _answer(PlainLeafExecutor, mixed, "ok")[0] == {
        "holder": {"item": {"name": "a", "twice": "aa"}}
    }
    assert flat_calls == []
