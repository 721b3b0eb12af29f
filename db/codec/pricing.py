"""The pricing engine's values as stored: a quote revision's priced snapshot.

Every dataclass and enum the engine exports is registered, so a ``PricedQuote``
encodes exactly and decodes to an equal value (``CODEC.encode`` /
``CODEC.decode_as``). The engine stays free of storage: it is registered from
here, never imports this.
"""

from __future__ import annotations

import pricing
from db.codec.tagged import TaggedCodec

CODEC = TaggedCodec.of_modules(pricing)
