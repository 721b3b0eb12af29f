"""The application's schema as a client reads it, built once for the schema tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from graphql import GraphQLField, GraphQLObjectType, GraphQLSchema

from schema.assembly import build_schema


@pytest.fixture(scope="session")
def sdl() -> GraphQLSchema:
    """graphql-core's schema of the app (each type keeps strawberry's definition in its
    ``extensions``, for tests that ask which module defined it)."""
    return build_schema()._schema


FieldAt = Callable[[str], GraphQLField]
"""``"Type.field"`` → that field of the object type ``Type``."""


@pytest.fixture(scope="session")
def field_at(sdl: GraphQLSchema) -> FieldAt:
    def at(path: str) -> GraphQLField:
        type_name, field_name = path.split(".")
        owner = sdl.get_type(type_name)
        assert isinstance(owner, GraphQLObjectType), type_name
        field: GraphQLField = owner.fields[field_name]
        return field

    return at
