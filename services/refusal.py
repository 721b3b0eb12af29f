"""The one way a use case says no: ``Refused(Refusal(code, message, field))``.

A use case raises ``Refused`` for an expected refusal (a rule, a conflict, a missing
row); the transaction around it rolls back, and the caller turns each ``Refusal``
into whatever its audience reads: a GraphQL ``UserError``, a CLI message, a mail reply.
The codes are neutral: the API's ``ErrorCode`` enum mirrors them name for name (a
test keeps the two equal), so nothing here knows GraphQL.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass


class Code(enum.StrEnum):
    """Why a use case refused; stable, machine-readable."""

    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    NOT_FOUND = "NOT_FOUND"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    CONFLICT = "CONFLICT"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    FORBIDDEN = "FORBIDDEN"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    INVALID_TOKEN = "INVALID_TOKEN"
    INACTIVE = "INACTIVE"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    NO_PRICE = "NO_PRICE"
    INVALID_STATE = "INVALID_STATE"
    EXPIRED = "EXPIRED"
    APPROVER_UNRESOLVED = "APPROVER_UNRESOLVED"
    ALREADY_DECIDED = "ALREADY_DECIDED"
    SPLITS_NOT_100 = "SPLITS_NOT_100"
    OVERLAPPING_VERSIONS = "OVERLAPPING_VERSIONS"
    OVERLAPPING_ASSIGNMENTS = "OVERLAPPING_ASSIGNMENTS"
    PERIOD_CLOSED = "PERIOD_CLOSED"
    INVALID_PLAN = "INVALID_PLAN"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"


@dataclass(frozen=True, slots=True)
class Refusal:
    """One reason a use case refused, and the input it points at (``("input", "email")``)."""

    code: Code
    message: str
    field: tuple[str, ...] = ()


class Refused(Exception):
    """Raised by a use case to refuse: the transaction rolls back and the refusals go back.

    ``keep_changes`` refuses yet commits what was done so far: for a refusal that itself
    records a fact (an offer found expired while accepting it).
    """

    keep_changes = False

    def __init__(self, *refusals: Refusal) -> None:
        super().__init__(*(r.message for r in refusals))
        self.refusals = list(refusals)


def refuse(code: Code, message: str, field: Sequence[str] = ()) -> Refused:
    """A ``Refused`` carrying one refusal:
    ``raise refuse(Code.NOT_FOUND, "No quote.", ("input", "id"))``."""
    return Refused(Refusal(code, message, tuple(field)))
