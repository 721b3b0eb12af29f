"""What content fits a deal: the rules ``Quote.relevantContent`` ranks by.

An item scores for each thing it shares with the quote: its products (the strongest sign),
their families, the account's industry or segment among its tags, and a kind that suits the
deal's stage. Only items sharing a product, a family or a tag are relevant at all; a stage
alone only orders them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from content.rules import ContentKind

K = ContentKind
PRODUCT = 8
FAMILY = 4
CONTEXT = 3
STAGE = 2

EARLY = (K.PRODUCT_SHEET, K.CASE_STUDY, K.COMPETITOR_BATTLECARD, K.PLAYBOOK, K.WHITE_PAPER)
PRICING = (K.PRICING_GUIDE, K.ROI_TOOL, K.OBJECTION_HANDLING)
CLOSING = (K.OBJECTION_HANDLING, K.ROI_TOOL, K.CASE_STUDY, K.COMPETITOR_BATTLECARD)
STAGE_KINDS: dict[str, tuple[ContentKind, ...]] = {
    "DRAFT": (*EARLY, K.ROI_TOOL),
    "PENDING_APPROVAL": PRICING,
    "APPROVED": PRICING,
    "SENT": CLOSING,
    "ACCEPTED": (K.PLAYBOOK,),
}
"""Kinds that help at each quote status; a closed quote (won, lost, rejected, expired) has
none."""


@dataclass(frozen=True, slots=True)
class Deal:
    """What a quote says about the deal: its products, their families, the account's segment
    and industry, its status."""

    product_ids: tuple[int, ...]
    families: tuple[str, ...]
    segment: str | None
    industry: str | None
    status: str


def context_tags(deal: Deal) -> tuple[str, ...]:
    """The tags an item about this customer may carry: the industry and segment as tag keys
    ("Food & Beverage" -> "food & beverage", "MID_MARKET" -> "mid_market", "mid-market")."""
    found: dict[str, None] = {}
    for value in (deal.industry, deal.segment):
        if value and value.strip():
            key = value.strip().lower()
            found.setdefault(key[:50], None)
            found.setdefault(re.sub(r"[_\s]+", "-", key)[:50], None)
    return tuple(found)


def stage_kinds(deal: Deal) -> tuple[str, ...]:
    return tuple(k.value for k in STAGE_KINDS.get(deal.status, ()))


def score(
    deal: Deal,
    product_ids: tuple[int, ...],
    families: tuple[str, ...],
    tags: tuple[str, ...],
    kind: str,
) -> int:
    """An item's score for the deal (0: not relevant); the SQL ranks by the same sum."""
    products = PRODUCT if set(product_ids) & set(deal.product_ids) else 0
    family = FAMILY if set(families) & set(deal.families) else 0
    context = CONTEXT if set(tags) & set(context_tags(deal)) else 0
    if not products + family + context:
        return 0
    return products + family + context + (STAGE if kind in stage_kinds(deal) else 0)
