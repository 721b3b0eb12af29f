"""The house's pricing guardrails, from settings: what a rep may discount without approval."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class PricingPolicy:
    """House guardrails: a rep's default discount authority and the minimum margin."""

    default_discount_authority_percent: Decimal = Decimal("10")
    min_margin_percent: Decimal = Decimal("20")
