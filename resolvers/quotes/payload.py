"""The payload every quote mutation returns, and the one way it is built (in ``schema.types``,
shared with ``submitQuoteForApproval``)."""

from __future__ import annotations

from schema.types.quote_mutation import QuotePayload, quote_payload

__all__ = ["QuotePayload", "quote_payload"]
