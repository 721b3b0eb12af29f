"""What the approvals engine knows about a priced quote.

The resolver maps a priced quote onto these value objects, so the engine
never imports ``pricing/``: approvals stay testable with hand-made numbers,
and a change in how prices are computed cannot silently change who approves.

Percentages are ``Decimal`` in percent units (``Decimal("12.5")`` is 12.5 %),
amounts are ``Decimal`` in the quote currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class LineFacts:
    """One priced quote line, reduced to what approval rules look at.

    ``floor_price`` is ``None`` when the product has no floor. ``quantity``
    lets smart re-approval tell "fewer units of a discounted line" (already
    approved) from "more units" (a bigger concession than was approved).
    """

    line_id: str
    product_id: str
    family: str
    discount_pct: Decimal
    net_unit_price: Decimal
    floor_price: Decimal | None = None
    quantity: Decimal = Decimal(1)


@dataclass(frozen=True, slots=True)
class QuoteFacts:
    """A priced quote as the approvals engine sees it.

    ``margin_pct`` is ``None`` when cost is unknown. ``clauses_hash``
    identifies the exact set of non-standard clauses, so an approval of one
    wording does not cover another. ``breach_codes`` are the pricing guard
    codes the waterfall raised (for example a floor breach), passed through
    as plain strings so the engines stay decoupled.
    """

    quote_id: str
    owner_id: str
    currency: str
    total_net: Decimal
    total_list: Decimal
    total_discount_pct: Decimal
    margin_pct: Decimal | None
    segment: str
    lines: tuple[LineFacts, ...] = ()
    has_non_standard_clauses: bool = False
    clauses_hash: str = ""
    breach_codes: tuple[str, ...] = ()

    def line(self, line_id: str) -> LineFacts | None:
        """The line with ``line_id``, or ``None`` when the quote has none."""
        return next((line for line in self.lines if line.line_id == line_id), None)
