"""The approvals engine's values as stored: plans, facts, envelopes, decisions, rules.

Every dataclass and enum the engine exports is registered, so anything the
engine can produce encodes exactly and decodes to an equal value (see
``tests/approvals/test_approvals_codec.py``). The engine itself stays free of
storage: it is registered from here, never imports this.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import approvals
from db.codec.tagged import Json, TaggedCodec

CODEC = TaggedCodec.of_modules(approvals)


def encode(value: Any) -> Json:
    """An approvals engine value (or a container of them) as JSON for a JSONB column."""
    return CODEC.encode(value)


def decode(expected: Any, data: Json) -> Any:
    """The value stored in ``data``, checked to be an ``expected`` (a class or union).

    The type is a check, never a guide: the JSON says what every value is.
    """
    return CODEC.decode_as(expected, data)


def decode_stored(expected: Any, data: Json) -> Any:
    """``decode``, remembered by content: a stored plan or facts document decodes to the same
    (immutable) value every time, and an inbox page decodes fifty of them per request. The key
    is the document's JSON text, so a changed document (an escalated plan) is decoded anew."""
    return _decoded(expected, json.dumps(data, separators=(",", ":")))


def decode_text(expected: Any, text: str) -> Any:
    """``decode`` of a document loaded as its JSON text (``stored_as_text``), remembered by
    that text: a hit neither parses JSON nor builds engine values."""
    return _decoded(expected, text)


@functools.lru_cache(maxsize=1024)
def _decoded(expected: Any, text: str) -> Any:
    return decode(expected, json.loads(text))


def encode_object(value: Any) -> dict[str, Any]:
    """One engine value (a dataclass, always a JSON object) for a JSONB column that holds one."""
    data = CODEC.encode(value)
    if not isinstance(data, dict):
        raise TypeError(f"{type(value).__name__} does not encode to a JSON object")
    return data


LevelSla = tuple[int | None, bool]
"""A level's SLA as rules set it: hours to decide (``None``: no deadline), and
whether to escalate past it."""


def encode_sla(sla: Mapping[int, LevelSla]) -> dict[str, Any]:
    """A request's SLA per level, as its ``sla`` column holds it:
    ``{"<level>": {"hours": int | null, "escalate_up": bool}}``."""
    return {str(level): {"hours": hours, "escalate_up": up} for level, (hours, up) in sla.items()}


def decode_sla(stored: Mapping[str, Any]) -> dict[int, approvals.Sla]:
    """The stored SLA as the engine reads it; a level without hours has none."""
    return {
        int(level): approvals.Sla(
            duration=timedelta(hours=v["hours"]), escalate_up=v["escalate_up"]
        )
        for level, v in stored.items()
        if v.get("hours")
    }
