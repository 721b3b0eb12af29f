"""Conditions a rule can place on a priced quote, and what each one saw.

Every condition reports *hits* rather than a bare yes/no: the hit names the
condition, the line it concerns, the observed value and the threshold, so
the plan can tell the rep exactly why a step is needed. Each condition also
declares the :class:`Dimension` it reads; smart re-approval compares the
dimensions an edit exceeded with the dimensions a rule reads.

Conditions are monotonic in the direction of risk (more discount, lower
price or margin, bigger deal): that is what makes "a bigger concession never
shrinks the plan" and "staying within an approval needs no new one" hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum, unique
from typing import ClassVar

from approvals.facts import LineFacts, QuoteFacts


@unique
class Dimension(StrEnum):
    """An aspect of a quote an approval can cover."""

    LINE_DISCOUNT = "LINE_DISCOUNT"
    TOTAL_DISCOUNT = "TOTAL_DISCOUNT"
    NET_PRICE = "NET_PRICE"
    MARGIN = "MARGIN"
    DEAL_SIZE = "DEAL_SIZE"
    CLAUSES = "CLAUSES"
    PRODUCTS = "PRODUCTS"
    SEGMENT = "SEGMENT"
    BREACH = "BREACH"


@unique
class ConditionKind(StrEnum):
    """The condition types OPS can put in a rule."""

    LINE_DISCOUNT_ABOVE = "LINE_DISCOUNT_ABOVE"
    TOTAL_DISCOUNT_ABOVE = "TOTAL_DISCOUNT_ABOVE"
    NET_BELOW_FLOOR = "NET_BELOW_FLOOR"
    MARGIN_BELOW = "MARGIN_BELOW"
    DEAL_SIZE_ABOVE = "DEAL_SIZE_ABOVE"
    NON_STANDARD_CLAUSES = "NON_STANDARD_CLAUSES"
    PRODUCT_IN = "PRODUCT_IN"
    FAMILY_IN = "FAMILY_IN"
    SEGMENT_IN = "SEGMENT_IN"
    BREACH_CODE_IN = "BREACH_CODE_IN"


#: What a hit can report as observed value or threshold.
Observed = Decimal | str | bool | tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class ConditionHit:
    """One reason a condition holds: observed value against the threshold.

    ``line_id`` is set for line-level conditions and ``None`` for
    quote-level ones. For discount conditions ``threshold`` is the effective
    one: the rule's threshold or the rep's own authority, whichever is higher.
    """

    kind: ConditionKind
    dimension: Dimension
    observed: Observed
    threshold: Observed
    line_id: str | None = None


def _in_scope(line: LineFacts, product_ids: tuple[str, ...], families: tuple[str, ...]) -> bool:
    """Whether a line falls under an optional product/family restriction."""
    if product_ids and line.product_id not in product_ids:
        return False
    return not families or line.family in families


def _sorted_lines(facts: QuoteFacts) -> tuple[LineFacts, ...]:
    # Hits are ordered by line id so that line order never changes a plan.
    return tuple(sorted(facts.lines, key=lambda line: line.line_id))


def _listed_hits(
    kind: ConditionKind,
    dimension: Dimension,
    listed: tuple[str, ...],
    seen: Iterable[tuple[str, str | None]],
) -> tuple[ConditionHit, ...]:
    """One hit per value seen (with the line it is on, if any) that is ``listed``.

    The threshold reported is the list itself, sorted, so its order in the
    rule never changes a hit.
    """
    threshold = tuple(sorted(listed))
    return tuple(
        ConditionHit(kind, dimension, value, threshold, line_id)
        for value, line_id in seen
        if value in listed
    )


@dataclass(frozen=True, slots=True)
class LineDiscountAbove:
    """A line's discount exceeds ``threshold_pct`` (and the rep's authority).

    ``product_ids``/``families`` restrict the lines looked at, for rules
    like "more than 20 % on hardware".
    """

    kind: ClassVar[ConditionKind] = ConditionKind.LINE_DISCOUNT_ABOVE
    dimension: ClassVar[Dimension] = Dimension.LINE_DISCOUNT
    threshold_pct: Decimal
    product_ids: tuple[str, ...] = ()
    families: tuple[str, ...] = ()

    def hits(self, facts: QuoteFacts, authority_pct: Decimal) -> tuple[ConditionHit, ...]:
        """One hit per in-scope line discounted beyond the effective threshold."""
        limit = max(self.threshold_pct, authority_pct)
        return tuple(
            ConditionHit(self.kind, self.dimension, line.discount_pct, limit, line.line_id)
            for line in _sorted_lines(facts)
            if _in_scope(line, self.product_ids, self.families) and line.discount_pct > limit
        )


@dataclass(frozen=True, slots=True)
class TotalDiscountAbove:
    """The quote's total discount exceeds ``threshold_pct`` and the rep's authority."""

    kind: ClassVar[ConditionKind] = ConditionKind.TOTAL_DISCOUNT_ABOVE
    dimension: ClassVar[Dimension] = Dimension.TOTAL_DISCOUNT
    threshold_pct: Decimal

    def hits(self, facts: QuoteFacts, authority_pct: Decimal) -> tuple[ConditionHit, ...]:
        """A single hit when the total discount is beyond the effective threshold."""
        limit = max(self.threshold_pct, authority_pct)
        if facts.total_discount_pct > limit:
            return (ConditionHit(self.kind, self.dimension, facts.total_discount_pct, limit),)
        return ()


@dataclass(frozen=True, slots=True)
class NetBelowFloor:
    """A line's net unit price is under its product's floor price."""

    kind: ClassVar[ConditionKind] = ConditionKind.NET_BELOW_FLOOR
    dimension: ClassVar[Dimension] = Dimension.NET_PRICE

    def hits(self, facts: QuoteFacts, authority_pct: Decimal) -> tuple[ConditionHit, ...]:
        """One hit per line priced below a floor; lines without a floor never hit."""
        return tuple(
            ConditionHit(
                self.kind, self.dimension, line.net_unit_price, line.floor_price, line.line_id
            )
            for line in _sorted_lines(facts)
            if line.floor_price is not None and line.net_unit_price < line.floor_price
        )


@dataclass(frozen=True, slots=True)
class MarginBelow:
    """The quote margin is under ``min_pct``.

    An unknown margin does not hit unless ``when_unknown`` is set: some
    price books carry no cost, and OPS decides whether that alone needs a
    finance look.
    """

    kind: ClassVar[ConditionKind] = ConditionKind.MARGIN_BELOW
    dimension: ClassVar[Dimension] = Dimension.MARGIN
    min_pct: Decimal
    when_unknown: bool = False

    def hits(self, facts: QuoteFacts, authority_pct: Decimal) -> tuple[ConditionHit, ...]:
        """A single hit for a low (or, if configured, unknown) margin."""
        margin = facts.margin_pct
        if (margin is None and self.when_unknown) or (margin is not None and margin < self.min_pct):
            return (ConditionHit(self.kind, self.dimension, margin, self.min_pct),)
        return ()


@dataclass(frozen=True, slots=True)
class DealSizeAbove:
    """The quote's total net exceeds ``amount`` in ``currency``.

    The engine converts nothing: a quote in another currency does not match,
    so OPS writes one condition per currency it sells in.
    """

    kind: ClassVar[ConditionKind] = ConditionKind.DEAL_SIZE_ABOVE
    dimension: ClassVar[Dimension] = Dimension.DEAL_SIZE
    amount: Decimal
    currency: str

    def hits(self, facts: QuoteFacts, authority_pct: Decimal) -> tuple[ConditionHit, ...]:
        """A single hit when the deal is bigger than the amount, same currency only."""
        if facts.currency == self.currency and facts.total_net > self.amount:
            return (ConditionHit(self.kind, self.dimension, facts.total_net, self.amount),)
        return ()


@dataclass(frozen=True, slots=True)
class NonStandardClauses:
    """The quote carries clauses outside the standard terms."""

    kind: ClassVar[ConditionKind] = ConditionKind.NON_STANDARD_CLAUSES
    dimension: ClassVar[Dimension] = Dimension.CLAUSES

    def hits(self, facts: QuoteFacts, authority_pct: Decimal) -> tuple[ConditionHit, ...]:
        """A single hit when non-standard clauses are present."""
        if facts.has_non_standard_clauses:
            return (ConditionHit(self.kind, self.dimension, True, False),)
        return ()


@dataclass(frozen=True, slots=True)
class ProductIn:
    """A line sells one of ``product_ids``."""

    kind: ClassVar[ConditionKind] = ConditionKind.PRODUCT_IN
    dimension: ClassVar[Dimension] = Dimension.PRODUCTS
    product_ids: tuple[str, ...]

    def hits(self, facts: QuoteFacts, authority_pct: Decimal) -> tuple[ConditionHit, ...]:
        """One hit per line selling a listed product."""
        seen = ((line.product_id, line.line_id) for line in _sorted_lines(facts))
        return _listed_hits(self.kind, self.dimension, self.product_ids, seen)


@dataclass(frozen=True, slots=True)
class FamilyIn:
    """A line sells a product of one of ``families``."""

    kind: ClassVar[ConditionKind] = ConditionKind.FAMILY_IN
    dimension: ClassVar[Dimension] = Dimension.PRODUCTS
    families: tuple[str, ...]

    def hits(self, facts: QuoteFacts, authority_pct: Decimal) -> tuple[ConditionHit, ...]:
        """One hit per line in a listed family."""
        seen = ((line.family, line.line_id) for line in _sorted_lines(facts))
        return _listed_hits(self.kind, self.dimension, self.families, seen)


@dataclass(frozen=True, slots=True)
class SegmentIn:
    """The customer is in one of ``segments``."""

    kind: ClassVar[ConditionKind] = ConditionKind.SEGMENT_IN
    dimension: ClassVar[Dimension] = Dimension.SEGMENT
    segments: tuple[str, ...]

    def hits(self, facts: QuoteFacts, authority_pct: Decimal) -> tuple[ConditionHit, ...]:
        """A single hit when the quote's segment is listed."""
        return _listed_hits(self.kind, self.dimension, self.segments, ((facts.segment, None),))


@dataclass(frozen=True, slots=True)
class BreachCodeIn:
    """Pricing raised one of ``codes`` (for example a guard-rail breach)."""

    kind: ClassVar[ConditionKind] = ConditionKind.BREACH_CODE_IN
    dimension: ClassVar[Dimension] = Dimension.BREACH
    codes: tuple[str, ...]

    def hits(self, facts: QuoteFacts, authority_pct: Decimal) -> tuple[ConditionHit, ...]:
        """One hit per listed code present on the quote, in code order."""
        seen = ((code, None) for code in sorted(set(facts.breach_codes)))
        return _listed_hits(self.kind, self.dimension, self.codes, seen)


#: Any condition a rule may hold.
Condition = (
    LineDiscountAbove
    | TotalDiscountAbove
    | NetBelowFloor
    | MarginBelow
    | DealSizeAbove
    | NonStandardClauses
    | ProductIn
    | FamilyIn
    | SegmentIn
    | BreachCodeIn
)
