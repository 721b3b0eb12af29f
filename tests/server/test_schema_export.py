"""The checked-in SDL is what the code builds: a schema change must be exported and reviewed."""

from __future__ import annotations

from pathlib import Path

from schema.assembly import build_schema

CHECKED_IN = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


def test_checked_in_sdl_equals_the_exported_schema() -> None:
    exported = build_schema().as_str() + "\n"

    assert CHECKED_IN.read_text() == exported, (
        "run `dealdesk export-schema` and commit schema/schema.graphql"
    )


def test_every_entity_type_implements_node() -> None:
    sdl = CHECKED_IN.read_text()

    for entity in ("User", "Account"):
        assert f"type {entity} implements Node" in sdl
