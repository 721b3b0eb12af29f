"""The house's pricing guardrails, from settings: what a rep may discount without approval."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from db.models.users import User


@dataclass(frozen=True, slots=True)
class PricingPolicy:
    """House guardrails: a rep's default discount authority and the minimum margin."""

    default_discount_authority_percent: Decimal = Decimal("10")
    min_margin_percent: Decimal = Decimal("20")


def discount_authority(owner: User | None, policy: PricingPolicy) -> Decimal:
    """The quote owner's discount authority: their own, or the house default."""
    if owner is not None and owner.discount_authority_percent is not None:
        return owner.discount_authority_percent
    return policy.default_discount_authority_percent
