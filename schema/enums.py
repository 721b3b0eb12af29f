"""One way to publish an engine's or the database's own enum with every value described."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

import strawberry


def described_enum(
    enum_cls: type[Enum], name: str, description: str, values: Mapping[str, str]
) -> Any:
    """``enum_cls`` as the GraphQL enum ``name``, each value described from ``values``.

    A value missing from ``values`` (a new engine code) or one ``values`` names that the enum
    lacks stops the import, so no value ever reaches the SDL undescribed and no description
    outlives its value.
    """
    wrapped = strawberry.enum(enum_cls, name=name, description=description)
    definition = wrapped.__strawberry_definition__  # type: ignore[attr-defined]
    names = {value.name for value in definition.values}
    if names != values.keys():
        raise ValueError(f"{name}: describe exactly {sorted(names)}, not {sorted(values)}")
    for value in definition.values:
        value.description = values[value.name]
    return wrapped
