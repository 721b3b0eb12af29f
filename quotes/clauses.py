"""Which clause sets are standard. Removing, editing or adding a clause makes a
quote non-standard, which is an input to approvals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StandardClause:
    clause_version_id: int
    segment: str | None  # None: every segment


@dataclass(frozen=True, slots=True)
class ClauseChoice:
    """A clause on the quote: from the library (with its version) or written for it."""

    clause_version_id: int | None
    edited: bool


def standard_set(library: Iterable[StandardClause], segment: str) -> frozenset[int]:
    return frozenset(c.clause_version_id for c in library if c.segment in (None, segment))


def is_non_standard(
    chosen: Iterable[ClauseChoice], library: Iterable[StandardClause], segment: str
) -> bool:
    chosen = tuple(chosen)
    if any(c.edited or c.clause_version_id is None for c in chosen):
        return True
    return frozenset(c.clause_version_id for c in chosen if c.clause_version_id) != standard_set(
        library, segment
    )
