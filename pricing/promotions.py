"""Promotions: effective-dated price rules by product, family or segment.

Like commercial engines' price rules: among the promotions that apply to a line,
an exclusive one with the best priority (lowest number) wins over all others;
otherwise every stackable one applies, in priority order, each on the price the
previous one left. Ties on priority are broken by id so results are stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pricing.price_books import Account
from pricing.rules import Adjustment, EffectiveDated, TargetIndex, check_target


@dataclass(frozen=True, slots=True)
class Promotion(EffectiveDated):
    """A percentage or per-unit amount off, for a product, a family or everything.

    ``segment`` (when set) limits the promotion to accounts in that segment.
    """

    id: str
    name: str
    benefit: Adjustment
    priority: int = 100
    stackable: bool = True
    product_id: str | None = None
    family: str | None = None
    segment: str | None = None

    def __post_init__(self) -> None:
        if not self.benefit.is_valid():
            raise ValueError(f"promotion {self.id}: the benefit must be a discount (0–100 %, ≥ 0)")
        check_target(self, f"promotion {self.id}")


def _order(promotion: Promotion) -> tuple[int, str]:
    return (promotion.priority, promotion.id)


def choose_promotions(candidates: Iterable[Promotion]) -> tuple[Promotion, ...]:
    """The promotions to apply, in order: the best exclusive alone, else all stackable ones."""
    ordered = list(candidates)
    if len(ordered) < 2:  # nothing to order (a lone promotion applies, stackable or not)
        return tuple(ordered)
    ordered.sort(key=_order)
    for promotion in ordered:
        if not promotion.stackable:
            return (promotion,)
    return tuple(ordered)


def promotion_label(promotion: Promotion) -> str:
    """The PROMOTION step's label: ``Promotion Spring: 2% off``."""
    return f"Promotion {promotion.name}: {promotion.benefit.describe()}"


class PromotionIndex:
    """Promotions active on the pricing date for the account, indexed by target.

    Dates and the segment are filtered once here, so a line only looks at the
    promotions naming its product or family plus the global ones.
    """

    __slots__ = ("_cache", "_index", "_labelled", "_labels")

    def __init__(self, promotions: Iterable[Promotion], account: Account, on: date) -> None:
        active = (
            p
            for p in promotions
            if p.effective_on(on) and (p.segment is None or p.segment == account.segment)
        )
        self._index: TargetIndex[Promotion] = TargetIndex(active)
        self._cache: dict[str, tuple[Promotion, ...]] = {}
        self._labelled: dict[str, tuple[tuple[Promotion, ...], tuple[str, ...]]] = {}
        self._labels: dict[int, str] = {}

    def for_product(self, product_id: str, family: str | None) -> tuple[Promotion, ...]:
        """The promotions that apply to a product, in the order they apply."""
        chosen = self._cache.get(product_id)
        if chosen is None:
            by_product, by_family, everywhere = self._index.tiers_for(product_id, family)
            chosen = self._cache[product_id] = choose_promotions(
                [*by_product, *by_family, *everywhere]
            )
        return chosen

    def labelled(
        self, product_id: str, family: str | None
    ) -> tuple[tuple[Promotion, ...], tuple[str, ...]]:
        """``for_product`` and each promotion's ``promotion_label`` (memoised by product)."""
        found = self._labelled.get(product_id)
        if found is None:
            chosen = self.for_product(product_id, family)
            found = self._labelled[product_id] = (chosen, tuple(map(self._label, chosen)))
        return found

    def _label(self, promotion: Promotion) -> str:
        """``promotion_label``, memoised by promotion (the index holds them, ids stand)."""
        label = self._labels.get(id(promotion))
        if label is None:
            label = self._labels[id(promotion)] = promotion_label(promotion)
        return label
