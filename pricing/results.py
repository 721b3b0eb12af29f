"""The engine's output: priced lines and the priced quote, each explaining itself.

Amounts in ``Money`` are rounded to the currency's minor units (a line's net,
and the totals, which are sums of rounded lines); the waterfall steps keep
full precision. A line that could not be priced has ``errors`` and no amounts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pricing.configuration import ConfigurationResult
from pricing.guardrails import GuardrailBreach
from pricing.money import Money
from pricing.reasons import PricingError
from pricing.values import quick_init, quick_new
from pricing.waterfall import WaterfallStep


@quick_init
@dataclass(frozen=True, slots=True)
class PricedLine:
    """One line's waterfall and figures; bundle options have ``parent_line_id`` set.

    ``discount_percent`` is (list − net) / list on rounded amounts. Margin is
    cost-based: None without a cost in the quote currency; its percentage is
    also None when the net is zero.
    """

    line_id: str
    parent_line_id: str | None
    product_id: str
    quantity: int
    steps: tuple[WaterfallStep, ...] = ()
    list_unit_price: Decimal | None = None
    list_amount: Money | None = None
    net_unit_price: Decimal | None = None
    net_amount: Money | None = None
    discount_percent: Decimal | None = None
    cost_amount: Money | None = None
    margin_amount: Money | None = None
    margin_percent: Decimal | None = None
    breaches: tuple[GuardrailBreach, ...] = ()
    errors: tuple[PricingError, ...] = ()
    configuration: ConfigurationResult | None = None

    @property
    def priced(self) -> bool:
        """Whether the line got a price (no reason code stopped it)."""
        return not self.errors


new_priced_line: Callable[
    [
        str,
        str | None,
        str,
        int,
        tuple[WaterfallStep, ...],
        Decimal | None,
        Money | None,
        Decimal | None,
        Money | None,
        Decimal | None,
        Money | None,
        Money | None,
        Decimal | None,
        tuple[GuardrailBreach, ...],
        tuple[PricingError, ...],
        ConfigurationResult | None,
    ],
    PricedLine,
] = quick_new(PricedLine)
"""``PricedLine(...)`` with every field given, as a plain function (``quick_new``)."""


@dataclass(frozen=True, slots=True)
class PricedQuote:
    """The quote's lines, its summarized waterfall, totals, breaches and errors.

    Totals are sums over the priced lines only; ``complete`` tells whether every
    line was priced. ``errors`` holds every refusal (quote-level and each
    line's), ``breaches`` every guardrail crossed (per line and for the quote).
    Margin is None unless every priced line has a cost.
    """

    quote_id: str
    currency: str
    pricing_date: date
    lines: tuple[PricedLine, ...]
    steps: tuple[WaterfallStep, ...]
    list_total: Money
    net_total: Money
    discount_total: Money
    total_discount_percent: Decimal | None
    cost_total: Money | None
    margin_amount: Money | None
    margin_percent: Decimal | None
    breaches: tuple[GuardrailBreach, ...]
    errors: tuple[PricingError, ...]

    @property
    def complete(self) -> bool:
        """Whether the whole quote was priced, with no refusal anywhere."""
        return not self.errors

    def line(self, line_id: str) -> PricedLine:
        """The priced line with ``line_id`` (KeyError when there is none)."""
        for line in self.lines:
            if line.line_id == line_id:
                return line
        raise KeyError(line_id)
