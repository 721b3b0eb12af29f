"""Frozen engine dataclasses ⇄ JSON, so a request keeps the exact plan, facts and
envelope it was decided on (rules and people change later; decisions must not).

Driven by the dataclasses' own type hints: Decimal and dates travel as strings,
enums as values, tuples as lists; a member of a union of dataclasses carries
its class name under ``"@type"``.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any


TYPE_KEY = "@type"


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _known() -> dict[str, type]:
    import approvals

    found: dict[str, type] = {}
    for name in dir(approvals):
        value = getattr(approvals, name)
        if isinstance(value, type) and dataclasses.is_dataclass(value):
            found[value.__name__] = value
    return found


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        data[TYPE_KEY] = type(value).__name__
        return data
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (Decimal, datetime, date)):
        return value.isoformat() if isinstance(value, (datetime, date)) else str(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, (tuple, list, frozenset, set)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    return value


def decode(kind: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        if isinstance(data, dict) and TYPE_KEY in data:
            return _dataclass(_known()[data[TYPE_KEY]], data)
        return decode(options[0], data)
    if origin in (tuple, list, frozenset, set):
        args = typing.get_args(kind)
        item = args[0] if args else Any
        items = [decode(item, v) for v in data]
        return frozenset(items) if origin is frozenset else (tuple(items) if origin is tuple else items)
    if origin is dict:
        key, val = typing.get_args(kind)
        return {decode(key, k): decode(val, v) for k, v in data.items()}
    if isinstance(kind, type):
        if dataclasses.is_dataclass(kind):
            target = _known().get(data.get(TYPE_KEY, ""), kind) if isinstance(data, dict) else kind
            return _dataclass(target, data)
        if issubclass(kind, enum.Enum):
            return kind(data)
        if kind is Decimal:
            return _decimal(str(data))
        if kind is datetime:
            return datetime.fromisoformat(data)
        if kind is date:
            return date.fromisoformat(data)
        if kind is timedelta:
            return timedelta(seconds=data)
    if isinstance(data, dict) and TYPE_KEY in data:
        return _dataclass(_known()[data[TYPE_KEY]], data)
    return data


MAX_STORED_EXPONENT = 60


def _decimal(text: str) -> Decimal:
    """A stored decimal, refused (ValueError) unless finite and of sane size: every value
    came through the bounded API scalar, so anything else is corruption and must not
    reach the engine's arithmetic (a 1e-99999999 counter-offer made every accept fail)."""
    number = Decimal(text)
    if not number.is_finite() or (
        not number.is_zero() and not -MAX_STORED_EXPONENT <= number.adjusted() <= MAX_STORED_EXPONENT
    ):
        raise ValueError(f"stored decimal out of range: {text[:40]!r}")
    return number


def _dataclass(cls: type, data: dict[str, Any]) -> Any:
    hints = _hints(cls)
    kwargs = {
        f.name: decode(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)
        if f.init and f.name in data
    }
    return cls(**kwargs)
