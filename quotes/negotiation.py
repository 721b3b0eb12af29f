"""What a customer's proposal does to a revision, pure: clause changes and a counter-price.

A revision's terms are its clauses in order (``Term``). ``apply_clause_changes`` applies the
customer's ADD / REMOVE / EDIT changes and returns, beside the new terms, the changes that
undo them (``revert``), so accepting and then undoing a proposal gives the original back.

``counter_price`` turns a counter-price into the quote discount that brings the net total
to it: never a negative price, never more than the whole net, and flagged when it takes the
quote below its floor (the approvals then decide; nothing here approves).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal


class ClauseAction(enum.Enum):
    ADD = "ADD"
    REMOVE = "REMOVE"
    EDIT = "EDIT"


@dataclass(frozen=True, slots=True)
class Term:
    """A clause on the revision: ``key`` names it within the revision (a stored clause's id,
    or ``new-N`` for one a proposal added); ``library`` is the library version it came from."""

    key: str
    title: str
    body: str
    library: int | None = None
    edited: bool = False


@dataclass(frozen=True, slots=True)
class ClauseChange:
    """ADD (``title``, ``body``, at ``position`` or last), REMOVE (``key``) or EDIT (``key``,
    new ``body`` and optionally ``title``)."""

    action: ClauseAction
    key: str | None = None
    title: str | None = None
    body: str | None = None
    position: int | None = None
    restore: Term | None = None
    """For an undo of a REMOVE or an EDIT: the clause exactly as it was."""


class ProposalError(ValueError):
    """A change that cannot apply: ``index`` is the change, ``reason`` why."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(f"change {index}: {reason}")
        self.index = index
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Applied:
    terms: tuple[Term, ...]
    undo: tuple[ClauseChange, ...]
    """Apply these (in order) to ``terms`` to get the original back."""


def _find(terms: Sequence[Term], key: str | None, index: int) -> int:
    for at, term in enumerate(terms):
        if term.key == key:
            return at
    raise ProposalError(index, "no such clause on this offer")


def _fresh_key(terms: Iterable[Term]) -> str:
    taken = {t.key for t in terms}
    n = 1
    while f"new-{n}" in taken:
        n += 1
    return f"new-{n}"


def apply_clause_changes(terms: Sequence[Term], changes: Sequence[ClauseChange]) -> Applied:
    """``terms`` with ``changes`` applied in order, and the changes that undo them."""
    current = list(terms)
    undo: list[ClauseChange] = []
    for index, change in enumerate(changes):
        if change.action is ClauseAction.ADD:
            if change.restore is not None:
                term = change.restore
            else:
                if not change.body:
                    raise ProposalError(index, "a new clause needs its text")
                term = Term(
                    _fresh_key(current), change.title or "Proposed clause", change.body, edited=True
                )
            if any(t.key == term.key for t in current):
                raise ProposalError(index, "a clause with this key is already there")
            at = len(current) if change.position is None else change.position
            if not 0 <= at <= len(current):
                raise ProposalError(index, "no such position")
            current.insert(at, term)
            undo.append(ClauseChange(ClauseAction.REMOVE, key=term.key))
        elif change.action is ClauseAction.REMOVE:
            at = _find(current, change.key, index)
            removed = current.pop(at)
            undo.append(ClauseChange(ClauseAction.ADD, position=at, restore=removed))
        else:
            at = _find(current, change.key, index)
            before = current[at]
            if change.restore is not None:
                current[at] = change.restore
            else:
                if not change.body:
                    raise ProposalError(index, "an edit needs the new text")
                current[at] = replace(
                    before,
                    body=change.body,
                    title=change.title if change.title is not None else before.title,
                    edited=True,
                )
            undo.append(ClauseChange(ClauseAction.EDIT, key=before.key, restore=before))
    return Applied(tuple(current), tuple(reversed(undo)))


def revert(applied: Applied) -> tuple[Term, ...]:
    """The terms before the changes that made ``applied``."""
    return apply_clause_changes(applied.terms, applied.undo).terms


@dataclass(frozen=True, slots=True)
class CounterPrice:
    """The quote discount a counter-price asks for, and what it does to the quote."""

    discount: Decimal
    """The quote discount amount (0 ≤ discount ≤ the net before it)."""
    net_total: Decimal
    """The net total with that discount: the counter-price, never below 0."""
    below_floor: bool
    """The counter-price is under the quote's floor total: it needs the approvals' say."""
    needs_approval: bool
    """The discount or the floor needs an approver (``below_floor``, or any discount over the
    rep's authority as the approvals judge it; here: any discount below the floor)."""


def counter_price(
    net_before: Decimal, counter: Decimal, floor_total: Decimal | None, quantum: Decimal
) -> CounterPrice:
    """The discount that brings ``net_before`` (the net total before any quote discount) to
    ``counter``, rounded to ``quantum`` once; a counter above the net asks for no discount,
    one below zero for the whole net."""
    if not net_before.is_finite() or not counter.is_finite():
        raise ValueError("amounts must be finite")
    base = max(net_before, Decimal(0)).quantize(quantum)
    target = min(max(counter, Decimal(0)), base).quantize(quantum)
    target = min(target, base)
    discount = base - target
    below = floor_total is not None and target < floor_total
    return CounterPrice(discount, target, below, below)
