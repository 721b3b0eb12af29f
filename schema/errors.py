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


@strawberry.enum(
    description="Stable machine-readable reason for a UserError (the use cases' refusal codes)."
)
class ErrorCode(enum.Enum):
    INVALID = strawberry.enum_value(
        "INVALID",
        description="A value is malformed, out of range, or breaks a rule of the input.",
    )
    REQUIRED = strawberry.enum_value(
        "REQUIRED", description="Something the action needs was not given."
    )
    NOT_FOUND = strawberry.enum_value(
        "NOT_FOUND",
        description="Nothing with this ID, or nothing you may see: the two look the same.",
    )
    ALREADY_EXISTS = strawberry.enum_value(
        "ALREADY_EXISTS",
        description="A value that must be unique (a SKU, a name, an email) is already taken.",
    )
    CONFLICT = strawberry.enum_value(
        "CONFLICT",
        description="The object changed since you read it (a stale `version`, or a save at the"
        " same moment): reload and try again.",
    )
    IDEMPOTENCY_KEY_REUSED = strawberry.enum_value(
        "IDEMPOTENCY_KEY_REUSED",
        description="This idempotency key was already used for a different request.",
    )
    FORBIDDEN = strawberry.enum_value(
        "FORBIDDEN",
        description="You may not act on this object (e.g. you are not an approver of this step).",
    )
    INVALID_CREDENTIALS = strawberry.enum_value(
        "INVALID_CREDENTIALS", description="The email or password is not right."
    )
    INVALID_TOKEN = strawberry.enum_value(
        "INVALID_TOKEN", description="A refresh or share token is unknown, expired or revoked."
    )
    INACTIVE = strawberry.enum_value(
        "INACTIVE", description="The product, account or user named is deactivated."
    )
    CURRENCY_MISMATCH = strawberry.enum_value(
        "CURRENCY_MISMATCH",
        description="An amount or price is not in the currency of the quote or plan it is for.",
    )
    NO_PRICE = strawberry.enum_value(
        "NO_PRICE",
        description="A line has no price: no book entry in the quote's currency on the pricing"
        " date, or no block for its quantity.",
    )
    INVALID_STATE = strawberry.enum_value(
        "INVALID_STATE",
        description="The object's state does not allow this now (e.g. a quote already sent,"
        " a deactivated account).",
    )
    EXPIRED = strawberry.enum_value(
        "EXPIRED", description="The quote's validity has run out; it is now EXPIRED."
    )
    APPROVER_UNRESOLVED = strawberry.enum_value(
        "APPROVER_UNRESOLVED",
        description="An approval step names nobody who can approve it (e.g. no manager).",
    )
    ALREADY_DECIDED = strawberry.enum_value(
        "ALREADY_DECIDED",
        description="This approval step, or your seat in it, has already been decided.",
    )
    SPLITS_NOT_100 = strawberry.enum_value(
        "SPLITS_NOT_100", description="A quote's commission splits do not add up to 100%."
    )
    OVERLAPPING_VERSIONS = strawberry.enum_value(
        "OVERLAPPING_VERSIONS",
        description="A plan version's dates overlap another version of the same plan.",
    )
    OVERLAPPING_ASSIGNMENTS = strawberry.enum_value(
        "OVERLAPPING_ASSIGNMENTS", description="The rep is on another plan in these dates."
    )
    PERIOD_CLOSED = strawberry.enum_value(
        "PERIOD_CLOSED",
        description="The change would land in a closed commission period, which never changes.",
    )
    INVALID_PLAN = strawberry.enum_value(
        "INVALID_PLAN",
        description="The plan's components do not make a valid plan; `field` points at the fault.",
    )
    TOO_MANY_ATTEMPTS = strawberry.enum_value(
        "TOO_MANY_ATTEMPTS", description="Too many failed sign-ins: wait before trying again."
    )


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
