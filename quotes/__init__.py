"""Quote rules, pure: the status machine, what an edit does to a revision, and
which clauses make a quote non-standard."""

from quotes.clauses import ClauseChoice, StandardClause, is_non_standard
from quotes.lifecycle import (
    Action,
    EditEffect,
    QuoteState,
    Refusal,
    Status,
    Transition,
    edit_effect,
    transition,
)

__all__ = [
    "Action",
    "ClauseChoice",
    "EditEffect",
    "QuoteState",
    "Refusal",
    "StandardClause",
    "Status",
    "Transition",
    "edit_effect",
    "is_non_standard",
    "transition",
]
