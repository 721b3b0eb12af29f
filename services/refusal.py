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
    """Why a use case refused; stable, machine-readable. A client switches on the code and
    shows the message."""

    INVALID = "INVALID"
    """A value breaks a rule of its own or of the record: range, format, length, consistency."""
    REQUIRED = "REQUIRED"
    """A value this case needs was not given (or was blank)."""
    NOT_FOUND = "NOT_FOUND"
    """No record with this id, or none the actor may see (the two are not told apart)."""
    ALREADY_EXISTS = "ALREADY_EXISTS"
    """A unique value (a SKU, a name, an email, the one standard book) is taken."""
    CONFLICT = "CONFLICT"
    """The record changed since the caller read it: reload and apply the change again."""
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    """The idempotency key was already used by this user for a different request."""
    FORBIDDEN = "FORBIDDEN"
    """The actor may not act on this record (e.g. is not an approver of the step)."""
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    """Sign-in: the email or the password is not right (which one is not said)."""
    INVALID_TOKEN = "INVALID_TOKEN"
    """A refresh or share token that is unknown, expired, used or revoked."""
    INACTIVE = "INACTIVE"
    """The record named is deactivated: a product no longer sold, an inactive account or user."""
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    """Amounts in different currencies meet (a rep's plan pays in another one)."""
    NO_PRICE = "NO_PRICE"
    """No price applies to a product for the quote's account, currency and date."""
    INVALID_STATE = "INVALID_STATE"
    """The record's state does not allow this step (already retired, no longer pending…)."""
    EXPIRED = "EXPIRED"
    """The quote's offer has expired; the expiry itself is recorded."""
    APPROVER_UNRESOLVED = "APPROVER_UNRESOLVED"
    """Approval is needed but nobody resolves as the approver of part of the quote."""
    ALREADY_DECIDED = "ALREADY_DECIDED"
    """This approval step, or this approver's part of it, was already decided."""
    SPLITS_NOT_100 = "SPLITS_NOT_100"
    """A deal's commission splits do not add up to exactly 100 %."""
    OVERLAPPING_VERSIONS = "OVERLAPPING_VERSIONS"
    """A commission plan version's dates overlap another version's."""
    OVERLAPPING_ASSIGNMENTS = "OVERLAPPING_ASSIGNMENTS"
    """A rep's plan assignment overlaps another of their assignments."""
    PERIOD_CLOSED = "PERIOD_CLOSED"
    """The change would reach into a closed commission period, which never changes."""
    INVALID_PLAN = "INVALID_PLAN"
    """The commission plan's rules do not make a valid plan."""
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    """Sign-in throttled after repeated failures; the message says when to try again."""
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    """An uploaded file is larger than the limit (the message says it)."""
    UNSUPPORTED_FILE_TYPE = "UNSUPPORTED_FILE_TYPE"
    """An uploaded file's type is not allowed, or its bytes are not what its name says."""
    LIMIT_REACHED = "LIMIT_REACHED"
    """The record holds as many of these as it may (e.g. attachments of an item)."""
    EXCHANGE_RATE_MISSING = "EXCHANGE_RATE_MISSING"
    """An amount must be converted and no exchange rate for its pair is valid on its date."""
    OVERPAYMENT = "OVERPAYMENT"
    """A payment beyond what is left to pay on a commission statement."""
    OVERLAPPING_DRAWS = "OVERLAPPING_DRAWS"
    """A rep's commission draw overlaps another of their draws."""


Field = Sequence[str]
"""Where in the request an input is, ``("input", "email")``: what a refusal points at."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """One reason a use case refused, and the input it points at."""

    code: Code
    message: str
    """For a person: what is wrong and, where it helps, what to do instead."""
    field: tuple[str, ...] = ()
    """The path of the input at fault, ``("input", "email")``; empty for the request as a
    whole."""


class Refused(Exception):
    """Raised by a use case to refuse: the transaction rolls back and the refusals go back.

    ``keep_changes`` refuses yet commits what was done so far: for a refusal that itself
    records a fact (an offer found expired while accepting it).
    """

    keep_changes = False

    def __init__(self, *refusals: Refusal) -> None:
        super().__init__(*(r.message for r in refusals))
        self.refusals = list(refusals)


def refuse(code: Code, message: str, field: Field = ()) -> Refused:
    """A ``Refused`` carrying one refusal:
    ``raise refuse(Code.NOT_FOUND, "No quote.", ("input", "id"))``."""
    return Refused(Refusal(code, message, tuple(field)))
