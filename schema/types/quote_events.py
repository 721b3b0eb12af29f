"""What a quote's history records: the ``QuoteEvent.kind`` values, each described, as stored."""

from __future__ import annotations

from db.models.quotes import QuoteEventKind as QuoteEventKindModel
from schema.enums import described_enum

EVENT_KINDS = {
    "CREATED": "The quote was created (revision 1, DRAFT).",
    "CLONED": "The quote was created as a copy of another; `message` names the source.",
    "REVISED": "A new revision was started to edit an approved or sent quote (back to DRAFT).",
    "COMMENT": "The customer commented through the shared link (`customerName`, `message`).",
    "EXPIRED": "Its validity ran out before the customer answered (status EXPIRED).",
    "COUNTER_ACCEPTED": "The rep accepted an approver's counter-offer: a new revision with its"
    " discounts.",
    "REVERSED": "A won deal's commissions were clawed back in full.",
    "PARTIALLY_REVERSED": "Some lines of a won deal had their commissions clawed back.",
    "OPTION_SELECTED": "The customer picked an option through the shared link (`message`"
    " is its key).",
    "CHANGE_PROPOSED": "The customer proposed changes through the shared link (an option,"
    " clauses, a counter-price): a change request the rep answers.",
    "CHANGE_ACCEPTED": "The rep accepted the customer's change request into a new revision.",
    "CHANGE_DECLINED": "The rep declined the customer's change request (`message`: why).",
    "SUBMIT": "Submitted for approval.",
    "APPROVE": "Approved (or needed no approval): ready to send.",
    "REJECT_APPROVAL": "An approver rejected it: back to DRAFT.",
    "RECALL": "The rep recalled it from approval: back to DRAFT.",
    "SEND": "Sent to the customer.",
    "ACCEPT": "The customer accepted it.",
    "REJECT": "The customer rejected it.",
    "EXPIRE": "Expired by the status machine's EXPIRE move.",
    "WIN": "The opportunity closed won: commissions are credited.",
    "LOSE": "The opportunity closed lost.",
}
"""Each ``QuoteEventKind`` value, described."""

QuoteEventKind = described_enum(
    QuoteEventKindModel,
    "QuoteEventKind",
    "What happened to a quote: an event of its own, or the move (action) that changed its status.",
    EVENT_KINDS,
)
