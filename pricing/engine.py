"""``price_quote``: a quote's lines in, waterfalls, totals, margin and breaches out.

The flow: expand lines (configuration, bundle options) → look up what applies
to each line → aggregate quote-wide tier quantities → build each line's
waterfall to its rounding point → allocate the quote discount → close each
waterfall with NET → guardrails, margin and totals. Everything runs inside
``PRICING_CONTEXT`` so no intermediate amount loses a digit. The function is
pure: the same request always gives the same result, whatever the line order.

The stages live in ``pricing.incremental``, which can also reprice a quote after
an edit redoing only what the edit touched (``reprice``); pricing from scratch is
repricing with nothing to reuse.
"""

from __future__ import annotations

from pricing.incremental import reprice
from pricing.request import PricingRequest
from pricing.results import PricedQuote


def price_quote(request: PricingRequest) -> PricedQuote:
    """Price every line of the quote and the quote itself; refusals are in the result."""
    return reprice(None, request).quote
