"""Errors, both kinds.

* ``UserError`` in a mutation payload: an expected failure the app can show
  (validation, business rule, conflict, this object not yours), with a stable
  ``ErrorCode``.
* Top-level GraphQL errors (``ApiError`` subclasses) for authentication,
  authorization, malformed requests and server faults, each with
  ``extensions.code`` so clients switch on a code, never on a message. Every code
  the server sends there is a value of ``ApiErrorCode`` (and every ``reason`` of an
  ``UNAUTHENTICATED`` one a value of ``UnauthenticatedReason``), which the schema
  publishes so a typed client can switch over them.
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
    "FILE_TOO_LARGE": (
        "The uploaded file is larger than the server takes (the message says how much)."
    ),
    "UNSUPPORTED_FILE_TYPE": (
        "The uploaded file's type is not allowed, or its bytes are not the type its name says."
    ),
    "LIMIT_REACHED": "The object already holds as many of these as it may (e.g. attachments).",
    "EXCHANGE_RATE_MISSING": (
        "A deal in another currency than the rep's plan needs an exchange rate valid on its"
        " close date, and OPS have set none (`setExchangeRate`); nothing was saved."
    ),
    "OVERPAYMENT": (
        "The payment is more than what is left to pay on the statement (`amountDue` less"
        " `previouslyPaid`); nothing was recorded."
    ),
    "OVERLAPPING_DRAWS": "The rep has another draw in these dates.",
}
"""What each ``ErrorCode`` means to a client: the descriptions of its values."""


def _described(meanings: dict[str, str], name: str) -> Any:
    """An enum value named ``name``, described from ``meanings``."""
    return strawberry.enum_value(name, description=meanings[name])


def _code(name: str) -> Any:
    """An ``ErrorCode`` value, described from ``MEANINGS``."""
    return _described(MEANINGS, name)


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
    FILE_TOO_LARGE = _code("FILE_TOO_LARGE")
    UNSUPPORTED_FILE_TYPE = _code("UNSUPPORTED_FILE_TYPE")
    LIMIT_REACHED = _code("LIMIT_REACHED")
    EXCHANGE_RATE_MISSING = _code("EXCHANGE_RATE_MISSING")
    OVERPAYMENT = _code("OVERPAYMENT")
    OVERLAPPING_DRAWS = _code("OVERLAPPING_DRAWS")


@strawberry.type(
    description=(
        "An expected failure of a mutation, safe to show to the user: the payload's"
        " `userErrors` lists them, and the change was not made when any is present."
    )
)
class UserError:
    code: ErrorCode
    """Why the mutation was refused, stable across releases: switch on this."""
    field: list[str] | None = None
    """Path to the input field at fault, from the argument down, e.g. ['input', 'email'] or
    ['input', 'lines', '2', 'quantity'] (list positions from 0); null when the refusal is about
    the object as a whole."""
    message: str
    """A sentence for the user, in English; may change between releases."""


def user_error(code: ErrorCode, message: str, field: Sequence[str] | None = None) -> UserError:
    return UserError(code=code, message=message, field=list(field) if field else None)


API_ERROR_MEANINGS = {
    "UNAUTHENTICATED": (
        "No signed-in user: the field needs one, or the access token was refused (then"
        " `extensions.reason` is an `UnauthenticatedReason` and nothing ran)."
    ),
    "FORBIDDEN": "Signed in, but your roles do not allow this field or argument.",
    "NOT_FOUND": (
        "The ID (or number, or path) names nothing you may see: missing, malformed and"
        " not yours look the same."
    ),
    "BAD_USER_INPUT": (
        "An argument or variable was refused (a Decimal, Date or string out of bounds,"
        " a page size over the cap, a bad cursor); nothing was changed."
        " `extensions.argument` names it where one is at fault."
    ),
    "QUERY_TOO_COMPLEX": (
        "The document is too deep, has too many aliases or tokens, or its estimated cost"
        " (`extensions.cost`, limit `extensions.maxCost`) is too high: ask for less."
    ),
    "GRAPHQL_PARSE_FAILED": "The document is not valid GraphQL syntax.",
    "GRAPHQL_VALIDATION_FAILED": "The document does not validate against this schema.",
    "OPERATION_RESOLUTION_FAILURE": (
        "The document holds several operations and the request names none of them"
        " (`operationName`)."
    ),
    "BAD_REQUEST": (
        "The HTTP request is not a GraphQL request this server takes: a malformed body,"
        " no query, a mutation sent with GET, an unsupported media type."
    ),
    "PAYLOAD_TOO_LARGE": "The request body is larger than the server accepts (HTTP 413).",
    "INVALID_TOKEN": "A share link's token is unknown, malformed or no longer shareable.",
    "TOKEN_EXPIRED": "A share link's token has run out: ask the sender for a new link.",
    "SUPERSEDED": (
        "The quote was revised after the share link was sent: the link no longer shows it."
    ),
    "RETIRED": "The content item was retired: its attachments are no longer served (HTTP 410).",
    "SERVICE_UNAVAILABLE": (
        "The database cannot be reached right now: retry after a moment (HTTP 503 carries"
        " `Retry-After` in seconds)."
    ),
    "TIMEOUT": (
        "A database statement or the whole request ran past its time limit; anything not"
        " committed was rolled back. Retry, or ask for less."
    ),
    "INTERNAL_SERVER_ERROR": "A fault on the server: it is logged; the error says no more.",
    "PERSISTED_QUERY_NOT_FOUND": (
        "The server knows no document with the `persistedQuery` hash sent (message"
        " `PersistedQueryNotFound`, HTTP 200): send the hash again with the `query`."
    ),
    "PERSISTED_QUERY_NOT_SUPPORTED": (
        "This server takes no automatic persisted queries: send the `query` itself."
    ),
    "PERSISTED_QUERY_NOT_IN_LIST": (
        "The server runs only its trusted documents and none has the hash sent: the app"
        " was built with operations this server was not given."
    ),
    "OPERATION_NOT_TRUSTED": (
        "The server runs only its trusted documents (the operations the app was built"
        " with) and the document sent is not one of them; nothing ran or was stored."
    ),
}
"""What each ``ApiErrorCode`` means to a client: the descriptions of its values."""


def _api(name: str) -> Any:
    """An ``ApiErrorCode`` value, described from ``API_ERROR_MEANINGS``."""
    return _described(API_ERROR_MEANINGS, name)


@strawberry.enum(
    description=(
        "The `extensions.code` of every top-level GraphQL error (in the response's"
        " `errors`, beside or instead of `data`): requests the server could not run or"
        " answer, authentication and authorization failures, faults. The server sends no"
        " other code. Expected refusals of a mutation are `UserError`s with an"
        " `ErrorCode` instead. No field returns this type: it documents the codes so a"
        " client can switch over them."
    )
)
class ApiErrorCode(enum.Enum):
    UNAUTHENTICATED = _api("UNAUTHENTICATED")
    FORBIDDEN = _api("FORBIDDEN")
    NOT_FOUND = _api("NOT_FOUND")
    BAD_USER_INPUT = _api("BAD_USER_INPUT")
    QUERY_TOO_COMPLEX = _api("QUERY_TOO_COMPLEX")
    GRAPHQL_PARSE_FAILED = _api("GRAPHQL_PARSE_FAILED")
    GRAPHQL_VALIDATION_FAILED = _api("GRAPHQL_VALIDATION_FAILED")
    OPERATION_RESOLUTION_FAILURE = _api("OPERATION_RESOLUTION_FAILURE")
    BAD_REQUEST = _api("BAD_REQUEST")
    PAYLOAD_TOO_LARGE = _api("PAYLOAD_TOO_LARGE")
    INVALID_TOKEN = _api("INVALID_TOKEN")
    TOKEN_EXPIRED = _api("TOKEN_EXPIRED")
    SUPERSEDED = _api("SUPERSEDED")
    RETIRED = _api("RETIRED")
    SERVICE_UNAVAILABLE = _api("SERVICE_UNAVAILABLE")
    TIMEOUT = _api("TIMEOUT")
    INTERNAL_SERVER_ERROR = _api("INTERNAL_SERVER_ERROR")
    PERSISTED_QUERY_NOT_FOUND = _api("PERSISTED_QUERY_NOT_FOUND")
    PERSISTED_QUERY_NOT_SUPPORTED = _api("PERSISTED_QUERY_NOT_SUPPORTED")
    PERSISTED_QUERY_NOT_IN_LIST = _api("PERSISTED_QUERY_NOT_IN_LIST")
    OPERATION_NOT_TRUSTED = _api("OPERATION_NOT_TRUSTED")


UNAUTHENTICATED_REASONS = {
    "TOKEN_EXPIRED": "The access token has run out: get a new pair with `refreshToken`.",
    "INVALID_TOKEN": (
        "The access token (or the Authorization header) is malformed, forged or signed with"
        " another key: sign in again."
    ),
    "USER_INACTIVE": "The token's user is deactivated or no longer exists: sign in again.",
}
"""What each ``UnauthenticatedReason`` tells the app to do."""


@strawberry.enum(
    description=(
        "The `extensions.reason` of an `UNAUTHENTICATED` error caused by a refused access"
        " token (absent when there simply was no token): what the app should do next."
    )
)
class UnauthenticatedReason(enum.Enum):
    TOKEN_EXPIRED = _described(UNAUTHENTICATED_REASONS, "TOKEN_EXPIRED")
    INVALID_TOKEN = _described(UNAUTHENTICATED_REASONS, "INVALID_TOKEN")
    USER_INACTIVE = _described(UNAUTHENTICATED_REASONS, "USER_INACTIVE")


DOCUMENTED_ENUMS = (ApiErrorCode, UnauthenticatedReason)
"""Enums no field returns, published in the schema for what they document."""


class ApiError(GraphQLError):
    """A top-level error with a stable ``extensions.code``, an ``ApiErrorCode`` value."""

    code = ApiErrorCode.INTERNAL_SERVER_ERROR.value

    def __init__(self, message: str, **extensions: object) -> None:
        super().__init__(message, extensions={"code": self.code, **extensions})


class Unauthenticated(ApiError):
    code = ApiErrorCode.UNAUTHENTICATED.value


class Forbidden(ApiError):
    code = ApiErrorCode.FORBIDDEN.value


class NotFound(ApiError):
    """Missing, or not yours: the two look the same so ids leak nothing."""

    code = ApiErrorCode.NOT_FOUND.value


class BadUserInput(ApiError):
    code = ApiErrorCode.BAD_USER_INPUT.value


class QueryTooComplex(ApiError):
    code = ApiErrorCode.QUERY_TOO_COMPLEX.value
