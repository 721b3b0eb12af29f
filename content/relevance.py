"""What content fits a deal: the rules ``Quote.relevantContent`` ranks by, and the reasons it
shows for each item.

An item scores for each thing it shares with the quote: its products (the strongest sign),
the competitors named on the quote (a battlecard for one of them is what the rep needs most
after the product sheet), the products' families, the account's industry and segment (the
item's own industry and segment links, or, for items written before those links, its tags),
and a kind that suits the deal's stage. Only items sharing a link are relevant at all; the
stage alone only orders them, and a closed quote (won, lost, rejected, expired) has no stage
that helps.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from content.rules import ContentKind


class Reason(enum.Enum):
    """Why an item is shown for a deal: one per thing it shares with it."""

    PRODUCT = "PRODUCT"
    COMPETITOR = "COMPETITOR"
    FAMILY = "FAMILY"
    INDUSTRY = "INDUSTRY"
    SEGMENT = "SEGMENT"
    STAGE = "STAGE"


WEIGHTS: dict[Reason, int] = {
    Reason.PRODUCT: 8,
    Reason.COMPETITOR: 6,
    Reason.FAMILY: 4,
    Reason.INDUSTRY: 3,
    Reason.SEGMENT: 2,
    Reason.STAGE: 2,
}
"""Each reason's weight; an item's score is the sum of its reasons'. The SQL ranks by the
same sum (``db.queries.content_relevance``)."""

PRODUCT = WEIGHTS[Reason.PRODUCT]
FAMILY = WEIGHTS[Reason.FAMILY]
STAGE = WEIGHTS[Reason.STAGE]

K = ContentKind
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

KEY_MAX = 50
"""Customer keys are compared on their first 50 characters (a tag's size)."""


@dataclass(frozen=True, slots=True)
class Deal:
    """What a quote says about the deal: its products, their families, the account's segment
    and industry, its status, the competitors named on it (as keys)."""

    product_ids: tuple[int, ...]
    families: tuple[str, ...]
    segment: str | None
    industry: str | None
    status: str
    competitors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Links:
    """What an item is about, as stored: its links and its kind."""

    kind: str
    product_ids: tuple[int, ...] = ()
    families: tuple[str, ...] = ()
    competitors: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Relevance:
    """An item's score for a deal (0: not relevant) and why, strongest reason first."""

    score: int
    reasons: tuple[Reason, ...]


def customer_keys(value: str | None) -> tuple[str, ...]:
    """The keys an industry or segment is matched by, lower-cased, as written and dashed
    ("Food & Beverage" -> "food & beverage", "food-&-beverage"; "MID_MARKET" -> "mid_market",
    "mid-market")."""
    if not value or not value.strip():
        return ()
    key = value.strip().lower()
    return tuple(dict.fromkeys((key[:KEY_MAX], re.sub(r"[_\s]+", "-", key)[:KEY_MAX])))


def context_tags(deal: Deal) -> tuple[str, ...]:
    """The tags an older item about this customer may carry: the industry's and segment's
    keys."""
    return tuple(dict.fromkeys((*customer_keys(deal.industry), *customer_keys(deal.segment))))


def stage_kinds(deal: Deal) -> tuple[str, ...]:
    """The kinds that help at the deal's status (none once it is closed)."""
    return tuple(k.value for k in STAGE_KINDS.get(deal.status, ()))


def _shares(mine: tuple[object, ...], theirs: tuple[object, ...]) -> bool:
    return not set(mine).isdisjoint(theirs)


def judge(deal: Deal, links: Links) -> Relevance:
    """The item's relevance to the deal: the sum of its reasons' weights, and the reasons."""
    industry, segment = customer_keys(deal.industry), customer_keys(deal.segment)
    shared = [
        reason
        for reason, yes in (
            (Reason.PRODUCT, _shares(links.product_ids, deal.product_ids)),
            (Reason.COMPETITOR, _shares(links.competitors, deal.competitors)),
            (Reason.FAMILY, _shares(links.families, deal.families)),
            (Reason.INDUSTRY, _shares((*links.industries, *links.tags), industry)),
            (Reason.SEGMENT, _shares((*links.segments, *links.tags), segment)),
        )
        if yes
    ]
    if not shared:
        return Relevance(0, ())
    if links.kind in stage_kinds(deal):
        shared.append(Reason.STAGE)
    return Relevance(sum(WEIGHTS[r] for r in shared), tuple(shared))


def score(deal: Deal, links: Links) -> int:
    """The item's score for the deal (0: not relevant)."""
    return judge(deal, links).score
