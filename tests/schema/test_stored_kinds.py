"""The kinds a quote's history and an inquiry's thread store are the published enums'
values (``QuoteEventKind``, ``CommissionInquiryMessageKind``): the ``kind`` columns are
text, so the test reads the use cases' source for every kind they write, and a new kind
without its enum value (which would fail the read) fails here first."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from graphql import GraphQLSchema

from db.models.commissions import InquiryMessageKind
from db.models.quotes import QuoteEventKind
from quotes.lifecycle import Action
from tests.schema.conftest import FieldAt

SERVICES = Path(__file__).resolve().parents[2] / "services"

QUOTE_EVENT_WRITERS = {"record_event": 3, "record_quote_event": 3, "QuoteEvent": None}
INQUIRY_MESSAGE_WRITERS = {"_add_message": 3, "_step": 4, "CommissionInquiryMessage": None}
"""Who writes a kind: callable name -> position of the kind (None: only as ``kind=``)."""


def _kinds_written(writers: dict[str, int | None]) -> Iterator[tuple[str, str]]:
    """(kind, where) for each literal kind the services pass to ``writers``."""
    for path in sorted(SERVICES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name not in writers:
                continue
            position = writers[name]
            given = [k.value for k in node.keywords if k.arg == "kind"]
            if position is not None and len(node.args) > position:
                given.append(node.args[position])
            for expr in given:
                for leaf in ast.walk(expr):
                    if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str):
                        yield leaf.value, f"{path.name}:{node.lineno}"


def test_every_quote_event_kind_the_services_write_is_a_quote_event_kind() -> None:
    written = list(_kinds_written(QUOTE_EVENT_WRITERS))

    assert len(written) >= 7, written  # the scan finds the writers it is about
    assert [w for w in written if w[0] not in QuoteEventKind.__members__] == []


def test_every_status_move_records_a_quote_event_kind() -> None:
    assert {action.value for action in Action} <= {kind.value for kind in QuoteEventKind}


def test_every_inquiry_message_kind_the_services_write_is_a_message_kind() -> None:
    written = list(_kinds_written(INQUIRY_MESSAGE_WRITERS))

    assert {kind for kind, _ in written} == {kind.value for kind in InquiryMessageKind}


@pytest.mark.parametrize(
    ("field", "enum"),
    [
        ("QuoteEvent.kind", "QuoteEventKind!"),
        ("CommissionInquiryMessage.kind", "CommissionInquiryMessageKind!"),
    ],
)
def test_a_stored_kind_is_a_described_enum_in_the_schema(
    sdl: GraphQLSchema, field_at: FieldAt, field: str, enum: str
) -> None:
    shown = field_at(field).type

    assert str(shown) == enum
    values = sdl.get_type(enum.rstrip("!")).values  # type: ignore[union-attr]
    assert all(value.description for value in values.values())
