"""The quote status machine.

DRAFT → PENDING_APPROVAL → APPROVED → SENT → ACCEPTED / REJECTED / EXPIRED,
and WON / LOST for the opportunity's outcome. A submit that needs no approval
goes straight to APPROVED. Every move is checked here; an illegal one is a
``Refusal`` with a reason the API returns as a typed error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum


class Status(Enum):
    """Where a quote stands; WON and LOST record the opportunity's outcome."""

    DRAFT = "DRAFT"
    PENDING_APPROVAL = "PENDING_APPROVAL"
    APPROVED = "APPROVED"
    SENT = "SENT"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    EXPIRED = "EXPIRED"
    WON = "WON"
    LOST = "LOST"


class Action(Enum):
    """A move asked of a quote; EXPIRE is made for it when a send or an acceptance comes late."""

    SUBMIT = "SUBMIT"
    APPROVE = "APPROVE"
    REJECT_APPROVAL = "REJECT_APPROVAL"
    RECALL = "RECALL"
    SEND = "SEND"
    ACCEPT = "ACCEPT"
    REJECT = "REJECT"
    EXPIRE = "EXPIRE"
    WIN = "WIN"
    LOSE = "LOSE"


class Refusal(Enum):
    """Why a move is not allowed."""

    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    EXPIRED = "EXPIRED"
    NOT_PRICED = "NOT_PRICED"
    NO_LINES = "NO_LINES"


# Where each action may start from.
ALLOWED_FROM: dict[Action, frozenset[Status]] = {
    Action.SUBMIT: frozenset({Status.DRAFT}),
    Action.APPROVE: frozenset({Status.PENDING_APPROVAL}),
    Action.REJECT_APPROVAL: frozenset({Status.PENDING_APPROVAL}),
    Action.RECALL: frozenset({Status.PENDING_APPROVAL, Status.APPROVED}),
    Action.SEND: frozenset({Status.APPROVED, Status.SENT}),
    Action.ACCEPT: frozenset({Status.SENT}),
    Action.REJECT: frozenset({Status.SENT}),
    Action.EXPIRE: frozenset({Status.SENT, Status.APPROVED}),
    Action.WIN: frozenset({Status.ACCEPTED, Status.SENT}),
    Action.LOSE: frozenset(
        {
            Status.DRAFT,
            Status.PENDING_APPROVAL,
            Status.APPROVED,
            Status.SENT,
            Status.REJECTED,
            Status.EXPIRED,
        }
    ),
}

TARGET: dict[Action, Status] = {
    Action.APPROVE: Status.APPROVED,
    Action.REJECT_APPROVAL: Status.DRAFT,
    Action.RECALL: Status.DRAFT,
    Action.SEND: Status.SENT,
    Action.ACCEPT: Status.ACCEPTED,
    Action.REJECT: Status.REJECTED,
    Action.EXPIRE: Status.EXPIRED,
    Action.WIN: Status.WON,
    Action.LOSE: Status.LOST,
}

# The customer's answer is only possible while the offer is open.
NEEDS_VALIDITY = frozenset({Action.SEND, Action.ACCEPT})


@dataclass(frozen=True, slots=True)
class QuoteState:
    """What a move depends on besides the action."""

    status: Status
    valid_until: date
    """The last day the offer stands: a send or an acceptance after it expires the quote."""
    has_lines: bool
    fully_priced: bool
    needs_approval: bool
    """The approvals engine's answer; only a submit reads it (PENDING_APPROVAL, else APPROVED)."""


@dataclass(frozen=True, slots=True)
class Transition:
    """The outcome: the new status, or why not (``refusal`` with a message)."""

    status: Status | None
    """The status to save: the target, EXPIRED (with that refusal) for an expired offer,
    None for any other refusal."""
    refusal: Refusal | None = None
    message: str = ""

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def transition(state: QuoteState, action: Action, today: date) -> Transition:
    if state.status not in ALLOWED_FROM[action]:
        return Transition(
            None,
            Refusal.ILLEGAL_TRANSITION,
            f"A {state.status.value} quote cannot be {action.value.lower().replace('_', ' ')}ed.",
        )
    if action in NEEDS_VALIDITY and state.valid_until < today:
        return Transition(
            Status.EXPIRED,
            Refusal.EXPIRED,
            f"The quote expired on {state.valid_until.isoformat()}.",
        )
    if action is Action.SUBMIT:
        if not state.has_lines:
            return Transition(None, Refusal.NO_LINES, "Add at least one line before submitting.")
        if not state.fully_priced:
            return Transition(
                None, Refusal.NOT_PRICED, "Every line must have a price before submitting."
            )
        return Transition(Status.PENDING_APPROVAL if state.needs_approval else Status.APPROVED)
    return Transition(TARGET[action])


class EditEffect(Enum):
    """What editing the content does: change this revision, start a new one, or refuse."""

    IN_PLACE = "IN_PLACE"
    NEW_REVISION = "NEW_REVISION"
    REFUSED = "REFUSED"


def edit_effect(status: Status) -> EditEffect:
    """A draft edits in place; what was approved, sent or answered is kept and
    re-quoted as a new revision; a pending request must be recalled first; an
    accepted or closed quote is final (clone it instead)."""
    if status is Status.DRAFT:
        return EditEffect.IN_PLACE
    if status in (Status.APPROVED, Status.SENT, Status.REJECTED, Status.EXPIRED):
        return EditEffect.NEW_REVISION
    return EditEffect.REFUSED
