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

import strawberry
from graphql import GraphQLError


@strawberry.enum(description="Stable machine-readable reason for a UserError.")
class ErrorCode(enum.Enum):
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
