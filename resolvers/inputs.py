"""A mutation's strawberry input turned into its use case's command (a frozen dataclass)."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from strawberry import relay

C = TypeVar("C")


def command_of(command: type[C], input: object, **decoded: Any) -> C:
    """``command`` with each field taken from the input's field of the same name, unless
    ``decoded`` gives it: ids decoded to ints, values converted. A global ID must be decoded."""
    values = {
        f.name: getattr(input, f.name)
        for f in dataclasses.fields(command)  # type: ignore[arg-type]
        if f.name not in decoded and hasattr(input, f.name)
    }
    undecoded = [name for name, value in values.items() if isinstance(value, relay.GlobalID)]
    if undecoded:
        raise TypeError(f"decode {', '.join(undecoded)} before building {command.__name__}")
    return command(**values, **decoded)
