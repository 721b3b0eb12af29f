"""The engine's input: a quote's lines plus everything already loaded to price them.

The resolver loads the candidates (books, contracts, schedules, block prices,
promotions, floors) and passes them in; the engine picks among them by
account, product and the pricing date, which is an argument — never the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pricing.catalog import Product
from pricing.configuration import Configuration
from pricing.guardrails import GuardrailPolicy
from pricing.price_books import Account, ContractedPrice, PriceBook
from pricing.promotions import Promotion
from pricing.rules import Adjustment
from pricing.tiers import BlockPrice, DiscountSchedule


@dataclass(frozen=True, slots=True)
class QuoteLineInput:
    """One quote line as the rep entered it.

    ``discount`` is the rep's line discount: a percentage, or an amount off each
    unit. ``currency``, when given, is the currency the line asks for; it must
    be the quote's. ``term_months`` feeds term discount schedules.
    """

    id: str
    product_id: str
    quantity: int
    configuration: Configuration | None = None
    discount: Adjustment | None = None
    term_months: int | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class PricingRequest:
    """Everything needed to price one quote, in the quote's single currency.

    ``quote_discount`` is the rep's quote-level discount: a percentage of the
    quote's net, or an amount off the quote's total, allocated to the lines.
    """

    quote_id: str
    currency: str
    pricing_date: date
    account: Account
    lines: tuple[QuoteLineInput, ...]
    products: tuple[Product, ...]
    price_books: tuple[PriceBook, ...] = ()
    contracted_prices: tuple[ContractedPrice, ...] = ()
    discount_schedules: tuple[DiscountSchedule, ...] = ()
    block_prices: tuple[BlockPrice, ...] = ()
    promotions: tuple[Promotion, ...] = ()
    guardrails: GuardrailPolicy = GuardrailPolicy()
    quote_discount: Adjustment | None = None

    def __post_init__(self) -> None:
        line_ids = [line.id for line in self.lines]
        if len(set(line_ids)) != len(line_ids):
            raise ValueError("quote line ids must be unique")
