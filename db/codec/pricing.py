"""The pricing engine's values as stored: priced quotes (a quote revision's snapshot).

Every dataclass and enum the engine exports is registered, so a ``PricedQuote``
encodes exactly and decodes to an equal value. The engine stays free of
storage: it is registered from here, never imports this.
"""

from __future__ import annotations

from typing import Any

import pricing
from db.codec.tagged import Json, TaggedCodec

CODEC = TaggedCodec.of_modules(pricing)


def encode(value: Any) -> Json:
    """A pricing engine value (or a container of them) as JSON for a JSONB column."""
    return CODEC.encode(value)


def decode(expected: Any, data: Json) -> Any:
    """The value stored in ``data``, checked to be an ``expected`` (a class or union).

    The type is a check, never a guide: the JSON says what every value is.
    """
    return CODEC.decode_as(expected, data)
