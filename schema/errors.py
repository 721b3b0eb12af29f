"""Errors, both kinds.

* ``UserError`` in a mutation payload: an expected failure the app can show
  (validation, business rule, conflict, this object not yours), with a stable
  ``ErrorCode``.
* Top-level GraphQL errors (``ApiError`` subclasses) for authentication,
  authorization, malformed requests and server faults, each with
  ``extensions.code`` so clients switch on a code, never on a message.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any

import strawberry
from graphql import GraphQLError

MEANINGS = {
    "INVALID": "A value is malformed, out of range, or breaks a rule of the input.",
    "REQUIRED": "Something the action needs was not given.",
    "NOT_FOUND": "Nothing with this ID, or nothing you may see: the two look the same.",
    "ALREADY_EXISTS": "A value that must be unique (a SKU, a name, an email) is already taken.",
    "CONFLICT": (
        "The object changed since you read it (a stale `version`, or a save at the"
        " same moment): reload and try again."
    ),
    "IDEMPOTENCY_KEY_REUSED": "This idempotency key was already used for a different request.",
    "FORBIDDEN": "You may not act on this object (e.g. you are not an approver of this step).",
    "INVALID_CREDENTIALS": "The email or password is not right.",
    "INVALID_TOKEN": "A refresh or share token is unknown, expired or revoked.",
    "INACTIVE": "The product, account or user named is deactivated.",
    "CURRENCY_MISMATCH": "An amount or price is not in the currency of its quote or plan.",
    "NO_PRICE": (
        "A line has no price: no book entry in the quote's currency on the pricing"
        " date, or no block for its quantity."
    ),
    "INVALID_STATE": (
        "The object's state does not allow this now (e.g. a quote already sent,"
        " a deactivated account)."
    ),
    "EXPIRED": "The quote's validity has run out; it is now EXPIRED.",
    "APPROVER_UNRESOLVED": "An approval step names nobody who can approve it (e.g. no manager).",
    "ALREADY_DECIDED": "This approval step, or your seat in it, has already been decided.",
    "SPLITS_NOT_100": "A quote's commission splits do not add up to 100%.",
    "OVERLAPPING_VERSIONS": "A plan version's dates overlap another version of the same plan.",
    "OVERLAPPING_ASSIGNMENTS": "The rep is on another plan in these dates.",
    "PERIOD_CLOSED": "The change would land in a closed commission period, which never changes.",
    "INVALID_PLAN": "The plan's components do not make a valid plan; `field` points at the fault.",
    "TOO_MANY_ATTEMPTS": "Too many failed sign-ins: wait before trying again.",
}
"""What each ``ErrorCode`` means to a client: the descriptions of its values."""


def _code(name: str) -> Any:
    """An ``ErrorCode`` value, described from ``MEANINGS``."""
    return strawberry.enum_value(name, description=MEANINGS[name])


@strawberry.enum(
    description="Stable machine-readable reason for a UserError (the use cases' refusal codes)."
)
class ErrorCode(enum.Enum):
    INVALID = _code("INVALID")
    REQUIRED = _code("REQUIRED")
    NOT_FOUND = _code("NOT_FOUND")
    ALREADY_EXISTS = _code("ALREADY_EXISTS")
    CONFLICT = _code("CONFLICT")
    IDEMPOTENCY_KEY_REUSED = _code("IDEMPOTENCY_KEY_REUSED")
    FORBIDDEN = _code("FORBIDDEN")
    INVALID_CREDENTIALS = _code("INVALID_CREDENTIALS")
    INVALID_TOKEN = _code("INVALID_TOKEN")
    INACTIVE = _code("INACTIVE")
    CURRENCY_MISMATCH = _code("CURRENCY_MISMATCH")
    NO_PRICE = _code("NO_PRICE")
    INVALID_STATE = _code("INVALID_STATE")
    EXPIRED = _code("EXPIRED")
    APPROVER_UNRESOLVED = _code("APPROVER_UNRESOLVED")
    ALREADY_DECIDED = _code("ALREADY_DECIDED")
    SPLITS_NOT_100 = _code("SPLITS_NOT_100")
    OVERLAPPING_VERSIONS = _code("OVERLAPPING_VERSIONS")
    OVERLAPPING_ASSIGNMENTS = _code("OVERLAPPING_ASSIGNMENTS")
    PERIOD_CLOSED = _code("PERIOD_CLOSED")
    INVALID_PLAN = _code("INVALID_PLAN")
    TOO_MANY_ATTEMPTS = _code("TOO_MANY_ATTEMPTS")


@strawberry.type(description="An expected failure of a mutation, safe to show to the user.")
class UserError:
    code: ErrorCode
    field: list[str] | None = strawberry.field(
        default=None, description="Path to the input field at fault, e.g. ['input', 'email']."
    )
    message: str


def user_error(code: ErrorCode, message: str, field: Sequence[str] | None = None) -> UserError:
    return UserError(code=code, message=message, field=list(field) if field else None)


class ApiError(GraphQLError):
    """A top-level error with a stable ``extensions.code``."""

    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **extensions: object) -> None:
        super().__init__(message, extensions={"code": self.code, **extensions})


class Unauthenticated(ApiError):
    code = "UNAUTHENTICATED"


class Forbidden(ApiError):
    code = "FORBIDDEN"


class NotFound(ApiError):
    """Missing, or not yours: the two look the same so ids leak nothing."""

    code = "NOT_FOUND"


class BadUserInput(ApiError):
    code = "BAD_USER_INPUT"


class QueryTooComplex(ApiError):
    code = "QUERY_TOO_COMPLEX"
