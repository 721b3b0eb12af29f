"""Attribute docstrings become field descriptions, found by one parse of each module."""

from __future__ import annotations

import strawberry

from schema.field_docs import _docstrings, describe_fields


@strawberry.type
class Outer:
    amount: int
    """What is owed, in minor units."""
    note: str = strawberry.field(description="Given explicitly.")
    """Loses to the explicit description."""

    @strawberry.type
    class Inner:
        count: int
        """How many,
        folded into one line."""


def _made_in_a_function() -> type:
    @strawberry.type
    class Local:
        flag: bool
        """Whether it is set."""

    return Local


def test_module_level_nested_and_local_classes_find_their_own_docstrings() -> None:
    assert _docstrings(Outer) == {
        "amount": "What is owed, in minor units.",
        "note": "Loses to the explicit description.",
    }
    assert _docstrings(Outer.Inner) == {"count": "How many, folded into one line."}
    assert _docstrings(_made_in_a_function()) == {"flag": "Whether it is set."}


def test_a_class_made_at_run_time_has_none() -> None:
    assert _docstrings(type("Made", (), {"__annotations__": {"x": int}})) == {}


def test_describe_fields_keeps_an_explicit_description_and_fills_the_rest() -> None:
    describe_fields(packages=(__name__,))
    fields = {f.python_name: f.description for f in Outer.__strawberry_definition__.fields}
    assert fields == {"amount": "What is owed, in minor units.", "note": "Given explicitly."}
