"""What an approval covers: the envelope the approved quote drew.

When the last level approves, the request stores an envelope of the quote
as approved: the most discount per line and in total, the lowest prices,
the most units of each line, the lowest margin, the biggest deal, the
clauses, products, segment and pricing breaches. A later edit that stays
inside it (less discount, fewer units, a line removed) is already approved;
only what goes beyond it needs approval again (see ``approvals.reapproval``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from approvals.facts import QuoteFacts
from approvals.plan import ApprovalPlan


@dataclass(frozen=True, slots=True)
class LineBound:
    """The approved limits of one line.

    ``max_quantity`` bounds the concession's size: the same discount on more
    units gives away more than was approved, fewer units give away less.
    """

    line_id: str
    product_id: str
    family: str
    max_discount_pct: Decimal
    min_net_unit_price: Decimal
    max_quantity: Decimal


@dataclass(frozen=True, slots=True)
class ApprovedEnvelope:
    """Everything the approvers agreed to, dimension by dimension.

    ``min_margin_pct`` is ``None`` when the margin was unknown at approval;
    the approvers then accepted any margin. ``approved_rule_ids`` are the
    steps of the approved plan: a rule that did not apply then (or did not
    exist) is not covered by this approval.
    """

    quote_id: str
    currency: str
    lines: tuple[LineBound, ...]
    max_total_discount_pct: Decimal
    min_margin_pct: Decimal | None
    max_total_net: Decimal
    has_non_standard_clauses: bool
    clauses_hash: str
    product_ids: tuple[str, ...]
    families: tuple[str, ...]
    segment: str
    breach_codes: tuple[str, ...]
    approved_rule_ids: tuple[str, ...]
    approved_at: datetime

    def line(self, line_id: str) -> LineBound | None:
        """The approved bound of ``line_id``, or ``None`` for a line added since."""
        return next((bound for bound in self.lines if bound.line_id == line_id), None)


def envelope_from(facts: QuoteFacts, plan: ApprovalPlan, approved_at: datetime) -> ApprovedEnvelope:
    """The envelope of ``facts`` as approved under ``plan`` at ``approved_at``.

    Collections are sorted so equal approvals give equal envelopes.
    """
    lines = tuple(
        LineBound(
            line_id=line.line_id,
            product_id=line.product_id,
            family=line.family,
            max_discount_pct=line.discount_pct,
            min_net_unit_price=line.net_unit_price,
            max_quantity=line.quantity,
        )
        for line in sorted(facts.lines, key=lambda line: line.line_id)
    )
    return ApprovedEnvelope(
        quote_id=facts.quote_id,
        currency=facts.currency,
        lines=lines,
        max_total_discount_pct=facts.total_discount_pct,
        min_margin_pct=facts.margin_pct,
        max_total_net=facts.total_net,
        has_non_standard_clauses=facts.has_non_standard_clauses,
        clauses_hash=facts.clauses_hash,
        product_ids=tuple(sorted({line.product_id for line in facts.lines})),
        families=tuple(sorted({line.family for line in facts.lines})),
        segment=facts.segment,
        breach_codes=tuple(sorted(set(facts.breach_codes))),
        approved_rule_ids=tuple(sorted(step.step_id for step in plan.steps)),
        approved_at=approved_at,
    )
