"""The house's pricing guardrails, from settings: what a rep may discount without approval,
and how many lines a quote may hold (one limit for previewing and for saving); and where
saving a quote finds the quote as last priced (the repricing cache)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from db.models.users import User
from services.pricing.reprice_cache import RepriceCache
from services.refusal import Code, Field, refuse

MAX_QUOTE_LINES = 2000
"""The default line limit (``DEALDESK_MAX_QUOTE_LINES``): what ``priceQuote`` previews is
what ``createQuote`` / ``updateQuoteLines`` may save."""


@dataclass(frozen=True, slots=True)
class PricingPolicy:
    """House guardrails: a rep's default discount authority and the minimum margin; the most
    lines a quote (or a preview of one) may hold; and the process's memory of the quotes it
    priced last (``services.pricing.reprice_cache``: one per app, its size a setting)."""

    default_discount_authority_percent: Decimal = Decimal("10")
    min_margin_percent: Decimal = Decimal("20")
    max_quote_lines: int = MAX_QUOTE_LINES
    reprice_cache: RepriceCache = field(default_factory=RepriceCache, compare=False, repr=False)


def discount_authority(owner: User | None, policy: PricingPolicy) -> Decimal:
    """The quote owner's discount authority: their own, or the house default."""
    if owner is not None and owner.discount_authority_percent is not None:
        return owner.discount_authority_percent
    return policy.default_discount_authority_percent


def check_line_count(count: int, policy: PricingPolicy, where: Field) -> None:
    """Refuse (INVALID, at ``where``) a quote or preview of more lines than the policy allows."""
    if count > policy.max_quote_lines:
        limit = policy.max_quote_lines
        raise refuse(Code.INVALID, f"A quote has at most {limit:,} lines.", where)
