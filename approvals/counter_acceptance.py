"""The rep accepting an approver's counter-offer.

Accepting does not price anything: it turns the proposal into discount
targets for the quote's lines (and total), which the resolver hands to the
pricing engine before the quote is resubmitted. Keeping it pure means the
phone can preview exactly what accepting will change.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from approvals.counter_offer import CounterOffer, counter_offer_issues
from approvals.reasons import ReasonCode
from approvals.state import DecisionKind, RequestState, RequestStatus, progress


@dataclass(frozen=True, slots=True)
class LineTarget:
    """What one line should be repriced to; ``changed`` marks a proposed line.

    Exactly one of ``discount_pct`` and ``net_unit_price`` is the target for
    a proposed line; an untouched line keeps its current discount.
    """

    line_id: str
    discount_pct: Decimal | None
    net_unit_price: Decimal | None
    changed: bool


@dataclass(frozen=True, slots=True)
class DiscountTargets:
    """The new discount targets for a quote, one entry per current line.

    ``total_discount_pct`` is ``None`` when the proposal left the total
    alone. ``proposed_by``/``step_id`` say whose counter-offer this was.
    """

    quote_id: str
    lines: tuple[LineTarget, ...]
    total_discount_pct: Decimal | None
    proposed_by: str
    step_id: str


@dataclass(frozen=True, slots=True)
class CounterAcceptance:
    """Either the targets to reprice with, or why the rep cannot accept."""

    accepted: bool
    targets: DiscountTargets | None = None
    reasons: tuple[ReasonCode, ...] = ()


def _targets(offer: CounterOffer, state: RequestState, by: str, step_id: str) -> DiscountTargets:
    proposed = {line.line_id: line for line in offer.lines}
    lines = []
    for line in state.facts.lines:
        counter = proposed.get(line.line_id)
        if counter is None:
            lines.append(LineTarget(line.line_id, line.discount_pct, None, False))
        else:
            lines.append(
                LineTarget(line.line_id, counter.discount_pct, counter.net_unit_price, True)
            )
    return DiscountTargets(
        state.facts.quote_id, tuple(lines), offer.total_discount_pct, by, step_id
    )


def accept_counter_offer(state: RequestState, rep_id: str) -> CounterAcceptance:
    """The discount targets that accepting the counter-offer on ``state`` sets.

    Only the quote owner accepts, and only a COUNTERED request has an offer.
    The offer is checked again against the submitted facts, so an offer that
    does not fit them is refused rather than half-applied.
    """
    if rep_id != state.facts.owner_id:
        return CounterAcceptance(False, reasons=(ReasonCode.NOT_QUOTE_OWNER,))
    if progress(state).status is not RequestStatus.COUNTERED:
        return CounterAcceptance(False, reasons=(ReasonCode.REQUEST_NOT_COUNTERED,))
    record = next(d for d in state.decisions if d.decision.kind is DecisionKind.COUNTER_OFFER)
    offer = record.decision.counter_offer
    issues = counter_offer_issues(offer, state.facts)
    if offer is None or issues:
        return CounterAcceptance(False, reasons=issues or (ReasonCode.COUNTER_OFFER_INVALID,))
    targets = _targets(offer, state, record.decision.approver_id, record.decision.step_id)
    return CounterAcceptance(True, targets)
