"""A quote revision's priced snapshot: the pricing engine's result, stored as it was priced.

A saved quote shows exactly what was priced (and sent) without repricing; the
snapshot is the engine's ``PricedQuote`` in the tagged codec, and every reader
(GraphQL, documents, approvals, commissions) gets it back through
``priced_quote_of``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from decimal import Decimal

import pricing as engine
from db.codec.pricing import priced_quote_of, store_priced

__all__ = ["discretionary_discount", "priced_quote_of", "store_priced", "with_issues"]


def with_issues(
    priced: engine.PricedQuote, issues: Iterable[engine.PricingError]
) -> engine.PricedQuote:
    """``priced`` with refusals found before the engine ran (a malformed discount) put first."""
    extra = tuple(issues)
    return dataclasses.replace(priced, errors=(*extra, *priced.errors)) if extra else priced


DISCRETIONARY = (engine.StepKind.LINE_DISCOUNT, engine.StepKind.QUOTE_DISCOUNT)


def discretionary_discount(line: engine.PricedLine) -> Decimal:
    """What the rep's own discounts (line and quote) took off the line's extended amount."""
    return -sum((s.amount_delta for s in line.steps if s.kind in DISCRETIONARY), Decimal(0))
