"""The price waterfall: ordered steps from list price to net, each naming its rule.

Steps carry extended amounts at full precision; only the ROUNDING step (the
line's one rounding point) and the QUOTE_DISCOUNT step (already allocated in
minor units) touch the cent. By construction the deltas of a line's steps add
up exactly to its net amount minus its list amount (the first step's amount).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Context, Decimal
from enum import Enum

from pricing.money import ZERO
from pricing.values import quick_init, quick_new

UNIT_PRICE_CONTEXT = Context(prec=28)
"""Unit prices are amount / quantity: exact when that terminates, else 28 digits."""


class StepKind(Enum):
    """Kinds of step, declared in the order they appear in a waterfall."""

    LIST_PRICE = "LIST_PRICE"
    CONTRACTED_PRICE = "CONTRACTED_PRICE"
    SEGMENT_PRICE = "SEGMENT_PRICE"
    BUNDLE_INCLUDED = "BUNDLE_INCLUDED"
    VOLUME_TIER = "VOLUME_TIER"
    BLOCK_PRICE = "BLOCK_PRICE"
    TERM_DISCOUNT = "TERM_DISCOUNT"
    PROMOTION = "PROMOTION"
    LINE_DISCOUNT = "LINE_DISCOUNT"
    ROUNDING = "ROUNDING"
    QUOTE_DISCOUNT = "QUOTE_DISCOUNT"
    NET = "NET"

    # Members are singletons, so identity hashing is correct; Enum's own __hash__
    # (hashing the name in Python code) was a tenth of the engine's time.
    __hash__ = object.__hash__


RAISING_KINDS = frozenset({StepKind.CONTRACTED_PRICE, StepKind.SEGMENT_PRICE, StepKind.BLOCK_PRICE})
"""Steps that replace the price and so may explicitly raise it above list."""

_QUOTE_LABELS = {
    StepKind.CONTRACTED_PRICE: "Contracted prices",
    StepKind.SEGMENT_PRICE: "Segment, region and channel prices",
    StepKind.BUNDLE_INCLUDED: "Included in bundles",
    StepKind.VOLUME_TIER: "Volume tiers",
    StepKind.BLOCK_PRICE: "Block prices",
    StepKind.TERM_DISCOUNT: "Term discounts",
    StepKind.PROMOTION: "Promotions",
    StepKind.LINE_DISCOUNT: "Rep line discounts",
    StepKind.ROUNDING: "Rounding",
    StepKind.QUOTE_DISCOUNT: "Quote discount",
}


@quick_init
@dataclass(frozen=True, slots=True)
class WaterfallStep:
    """One step: what changed the price, by how much, and what it is after.

    ``rule_id`` is the id of the input that produced the step (book entry,
    contract, schedule, block price, promotion, bundle option) or None for the
    rep's own discounts, rounding and the net. ``raises_price`` marks a rule that
    explicitly priced above the running amount; ``quote_level`` marks a step that
    depends on other lines of the quote. Amounts are in the line's currency.
    """

    kind: StepKind
    label: str
    rule_id: str | None
    amount_delta: Decimal
    amount_after: Decimal
    unit_price_after: Decimal | None
    raises_price: bool = False
    quote_level: bool = False


new_step: Callable[
    [StepKind, str, str | None, Decimal, Decimal, Decimal | None, bool, bool], WaterfallStep
] = quick_new(WaterfallStep)
"""``WaterfallStep(...)`` with every field given, as a plain function (``quick_new``): the
engine makes several steps per line."""


@quick_init
@dataclass(frozen=True, slots=True)
class KindTotal:
    """One kind of step summed over lines: total delta, how many steps, and their flags."""

    delta: Decimal
    count: int
    raises_price: bool
    quote_level: bool


def summarize(
    list_total: Decimal, totals: Mapping[StepKind, KindTotal]
) -> tuple[WaterfallStep, ...]:
    """The quote's waterfall: from ``list_total``, each kind's summed deltas in waterfall order."""
    summary = [WaterfallStep(StepKind.LIST_PRICE, "List price", None, ZERO, list_total, None)]
    running = list_total
    for kind in StepKind:
        total = totals.get(kind)
        if total is None:
            continue
        running += total.delta
        count = total.count
        summary.append(
            WaterfallStep(
                kind,
                f"{_QUOTE_LABELS[kind]} ({count} {'line' if count == 1 else 'lines'})",
                None,
                total.delta,
                running,
                None,
                total.raises_price,
                total.quote_level,
            )
        )
    summary.append(WaterfallStep(StepKind.NET, "Net price", None, ZERO, running, None))
    return tuple(summary)
