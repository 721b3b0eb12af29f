"""The pricing engine's values as stored: a quote revision's priced snapshot.

Every dataclass and enum the engine exports is registered, so a ``PricedQuote``
encodes exactly and decodes to an equal value (``CODEC.encode`` /
``CODEC.decode_as``). The engine stays free of storage: it is registered from
here, never imports this.
"""

from __future__ import annotations

import pricing
from db.codec.tagged import TaggedCodec
from db.models.quotes import QuoteRevision

CODEC = TaggedCodec.of_modules(pricing)


def priced_quote_of(revision: QuoteRevision) -> pricing.PricedQuote:
    """The priced quote a revision stores (every saved revision is priced: each save reprices)."""
    priced: pricing.PricedQuote = CODEC.decode_as(pricing.PricedQuote, revision.priced)
    return priced


def store_priced(revision: QuoteRevision, priced: pricing.PricedQuote) -> None:
    """Keep ``priced`` as the revision's snapshot, with the date it was priced on."""
    revision.pricing_date = priced.pricing_date
    stored = CODEC.encode(priced)
    assert isinstance(stored, dict)  # a dataclass encodes as an object
    revision.priced = stored
