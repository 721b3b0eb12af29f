"""The request's rules indexed once, so pricing a line never scans every rule.

Price candidates are grouped by product and precedence, promotions and
discount schedules by product and family (already filtered by date and
segment), block prices and floors by product. Lookups are memoised per product
because a large quote repeats products.

A context depends on the request's catalog only, so ``shared_context`` keeps the
last few built and hands one back for a request over the very same catalog objects
(a service that keeps its loaded rule set between requests): the indexes and the
per-product memos are then built once per rule set, not once per quote.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from decimal import Decimal
from itertools import starmap
from operator import eq, is_
from typing import TYPE_CHECKING, Any

from pricing.catalog import Product
from pricing.guardrails import FloorPrice
from pricing.price_books import PriceIndex
from pricing.promotions import PromotionIndex
from pricing.request import PricingRequest
from pricing.rules import TargetIndex
from pricing.tiers import BlockPrice, DiscountSchedule, ScheduleBasis

if TYPE_CHECKING:  # line_rules looks lines up through this context
    from pricing.line_rules import LineRules


def _by_id(rule: DiscountSchedule) -> tuple[str]:
    return (rule.id,)


class PricingContext:
    """Every rule of the request indexed by product, family or id, built once."""

    __slots__ = (
        "_blocks",
        "_quantity_cache",
        "_quantity_schedules",
        "_strictest",
        "_term_cache",
        "_term_schedules",
        "currency",
        "floors",
        "look_ups",
        "on",
        "prices",
        "product_rules",
        "products",
        "promotions",
    )

    def __init__(self, request: PricingRequest) -> None:
        self.currency = request.currency
        self.products = {product.id: product for product in request.products}
        self.on: date = request.pricing_date
        self.prices = PriceIndex(
            request.price_books, request.contracted_prices, request.account, self.currency, self.on
        )
        self.promotions = PromotionIndex(request.promotions, request.account, self.on)
        schedules = [s for s in request.discount_schedules if s.effective_on(self.on)]
        self._quantity_schedules: TargetIndex[DiscountSchedule] = TargetIndex(
            s for s in schedules if s.basis is ScheduleBasis.QUANTITY
        )
        self._term_schedules: TargetIndex[DiscountSchedule] = TargetIndex(
            s for s in schedules if s.basis is ScheduleBasis.TERM_MONTHS
        )
        self._quantity_cache: dict[str, DiscountSchedule | None] = {}
        self._term_cache: dict[str, DiscountSchedule | None] = {}
        self._blocks: dict[str, BlockPrice] = {}
        for block_price in request.block_prices:
            if not block_price.effective_on(self.on):
                continue
            current = self._blocks.get(block_price.product_id)
            if current is None or _block_rank(block_price, self.currency) < _block_rank(
                current, self.currency
            ):
                self._blocks[block_price.product_id] = block_price
        # ``line_rules.look_up``'s memo: what applies, by product, role, term and block.
        self.look_ups: dict[tuple[str, bool, bool, int | None], tuple[LineRules]] = {}
        # ``line_rules.product_rules``' memo, by product: None when a line may be refused.
        self.product_rules: dict[str, LineRules | None] = {}
        self.floors: dict[str, list[FloorPrice]] = {}
        for floor in request.guardrails.floor_prices:
            self.floors.setdefault(floor.product_id, []).append(floor)
        self._strictest: dict[str, FloorPrice | None] = {}

    def schedule(self, product: Product, basis: ScheduleBasis) -> DiscountSchedule | None:
        """The most specific schedule for the product (product, then family, then global)."""
        # a memo per basis, picked by identity (an enum's hash is computed in Python)
        quantity = basis is ScheduleBasis.QUANTITY
        cache = self._quantity_cache if quantity else self._term_cache
        if product.id in cache:
            return cache[product.id]
        index = self._quantity_schedules if quantity else self._term_schedules
        found = cache[product.id] = index.most_specific(product.id, product.family, _by_id)
        return found

    def floor(self, product_id: str) -> FloorPrice | None:
        """The strictest floor of the product in the quote currency (the highest, then the
        highest id), or None (memoised)."""
        if product_id in self._strictest:
            return self._strictest[product_id]
        currency = self.currency
        local = [f for f in self.floors.get(product_id, ()) if f.unit_price.currency == currency]
        strictest = max(local, key=_strictness) if local else None
        self._strictest[product_id] = strictest
        return strictest

    def block_price(self, product_id: str) -> BlockPrice | None:
        """The block price in force for the product, if it is block-priced."""
        return self._blocks.get(product_id)


def _strictness(floor: FloorPrice) -> tuple[Decimal, str]:
    return (floor.unit_price.amount, floor.id)


def _block_rank(block_price: BlockPrice, currency: str) -> tuple[bool, str]:
    """The quote currency's block price first (another is a mismatch), then the lowest id."""
    return (block_price.currency != currency, block_price.id)


KEPT_CONTEXTS = 8
"""How many contexts ``shared_context`` keeps (with their catalogs), most recent first."""
_kept: deque[tuple[tuple[Any, ...], PricingContext]] = deque(maxlen=KEPT_CONTEXTS)


def catalog_key(request: PricingRequest) -> tuple[Any, ...]:
    """The parts of a request pricing depends on besides its lines, quote discount and
    guardrails: three small values, then the catalog's collections."""
    return (
        request.currency,
        request.pricing_date,
        request.account,
        request.products,
        request.price_books,
        request.contracted_prices,
        request.discount_schedules,
        request.block_prices,
        request.promotions,
    )


def _context_key(request: PricingRequest) -> tuple[Any, ...]:
    """What a context is built from: ``catalog_key`` and the floor prices."""
    return (*catalog_key(request), request.guardrails.floor_prices)


def _same_key(kept: tuple[Any, ...], key: tuple[Any, ...]) -> bool:
    """Equal currency, day and account (no Decimal in them), the very same collections.

    Identity keeps the check O(1) whatever the catalog's size; equal copies of a
    catalog simply build a context of their own.
    """
    return all(starmap(eq, zip(kept[:3], key[:3], strict=True))) and all(
        map(is_, kept[3:], key[3:])
    )


def shared_context(request: PricingRequest) -> PricingContext:
    """The context of ``request``: a kept one built from the same catalog, else a new one.

    Its memos fill as lines are priced; they hold what applies to a product under
    this catalog, so sharing them between quotes changes no result.
    """
    key = _context_key(request)
    for kept, context in tuple(_kept):
        if _same_key(kept, key):
            return context
    context = PricingContext(request)
    _kept.appendleft((key, context))
    return context
