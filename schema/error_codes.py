"""Every top-level error leaves with an ``extensions.code``; server faults are masked.

Our own ``ApiError``s carry their code. A malformed global ID in an argument is
``NOT_FOUND`` (it names nothing), other values strawberry cannot coerce
``BAD_USER_INPUT``. Parse and validation failures get
``GRAPHQL_PARSE_FAILED`` / ``GRAPHQL_VALIDATION_FAILED`` (``QUERY_TOO_COMPLEX`` for
the depth, alias and token limits). A database that cannot be reached is
``SERVICE_UNAVAILABLE`` (the client should retry); a statement cancelled by
``statement_timeout`` is ``TIMEOUT``. Anything else unexpected is
replaced by a bare ``INTERNAL_SERVER_ERROR``, so no stack detail or SQL reaches
a client. Every code is an ``ApiErrorCode`` value (``schema.errors``), which the
schema publishes with what each means.

Logging follows the same split, once per error (``Schema.process_errors``, which
strawberry calls for queries, mutations and subscriptions alike): an expected
refusal (not found, forbidden, invalid input) is one info line without a
traceback; an outage one warning line; only a fault logs its traceback.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from typing import Any

import strawberry
import structlog
from graphql import DocumentNode, GraphQLError
from sqlalchemy.exc import DBAPIError
from strawberry.extensions import SchemaExtension
from strawberry.relay.types import InvalidGlobalIDError

from db.availability import database_unavailable
from schema.errors import DOCUMENTED_ENUMS, ApiErrorCode
from schema.input_paths import literal_path

log = structlog.get_logger("dealdesk.graphql")

QUERY_CANCELED = "57014"  # SQLSTATE of a statement stopped by statement_timeout
LIMIT_MESSAGES = ("exceeds maximum operation depth", "aliases found", "token limit", "max tokens")
SERVICE_UNAVAILABLE = ApiErrorCode.SERVICE_UNAVAILABLE.value
UNAVAILABLE_MESSAGE = "The service is temporarily unavailable; try again shortly."


class Kind(enum.Enum):
    REFUSAL = "refusal"  # the client's request was refused as designed
    UNAVAILABLE = "unavailable"  # the database cannot be reached right now
    TIMEOUT = "timeout"  # PostgreSQL cancelled a statement that ran past statement_timeout
    FAULT = "fault"  # a bug or an unforeseen failure


def kind_of(error: GraphQLError) -> Kind:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        code = (error.extensions or {}).get("code")
        return Kind.FAULT if code == ApiErrorCode.INTERNAL_SERVER_ERROR.value else Kind.REFUSAL
    if (
        isinstance(original, DBAPIError)
        and getattr(original.orig, "sqlstate", None) == QUERY_CANCELED
    ):
        return Kind.TIMEOUT
    if database_unavailable(original):
        return Kind.UNAVAILABLE
    if isinstance(original, ValueError) and error.path is None:
        return Kind.REFUSAL  # scalar parsing of variables
    return Kind.FAULT


def coded(error: GraphQLError, document: DocumentNode | None = None) -> GraphQLError:
    if error.extensions and "code" in error.extensions:
        return error
    original = error.original_error
    if error.path is None and isinstance(_root_cause(original), ValueError):
        # Scalar parsing (a bad Decimal, Date or CurrencyCode) is the client's fault.
        return _with_code(_naming_the_field(error, document), ApiErrorCode.BAD_USER_INPUT.value)
    kind = kind_of(error)
    if kind is Kind.TIMEOUT:
        # statement_timeout: the database stopped a statement; its transaction is rolled back.
        return GraphQLError(
            "A database statement ran past its time limit and was cancelled; "
            "changes the request had not committed were rolled back.",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": ApiErrorCode.TIMEOUT.value},
        )
    if kind is Kind.UNAVAILABLE:
        return GraphQLError(
            UNAVAILABLE_MESSAGE,
            nodes=error.nodes,
            path=error.path,
            extensions={"code": SERVICE_UNAVAILABLE},
        )
    if kind is Kind.FAULT:
        return GraphQLError(
            "Internal server error.",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": ApiErrorCode.INTERNAL_SERVER_ERROR.value},
        )
    if isinstance(original, InvalidGlobalIDError):
        # A malformed global ID in an argument names nothing: the same answer as an unknown one.
        return GraphQLError(
            "No object has this id.",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": ApiErrorCode.NOT_FOUND.value},
        )
    if original is not None:
        # Input coercion (e.g. a bad CurrencyCode in variables) is the client's fault.
        return _with_code(error, ApiErrorCode.BAD_USER_INPUT.value)
    if error.path is None:
        message = error.message.lower()
        if any(text in message for text in LIMIT_MESSAGES):
            return _with_code(error, ApiErrorCode.QUERY_TOO_COMPLEX.value)
        if message.startswith("syntax error"):
            return _with_code(error, ApiErrorCode.GRAPHQL_PARSE_FAILED.value)
        return _with_code(error, ApiErrorCode.GRAPHQL_VALIDATION_FAILED.value)
    return _with_code(error, ApiErrorCode.INTERNAL_SERVER_ERROR.value)


def _root_cause(error: BaseException | None) -> BaseException | None:
    """The first non-GraphQL error under ``error``: graphql-core wraps a scalar's ValueError
    once for the value and again for the variable."""
    while isinstance(error, GraphQLError) and error.original_error is not None:
        error = error.original_error
    return error


def _naming_the_field(error: GraphQLError, document: DocumentNode | None) -> GraphQLError:
    """A refused literal names where it is written (variables' messages already do)."""
    if document is None or not error.nodes or not error.message.startswith("Expected value"):
        return error
    where = literal_path(document, error.nodes[0])
    if where is None:
        return error
    return GraphQLError(
        f"Invalid value for '{where}': {error.message}",
        nodes=error.nodes,
        original_error=error.original_error,
        extensions=error.extensions,
    )


def _with_code(error: GraphQLError, code: str) -> GraphQLError:
    """A copy carrying ``code``: never the error itself, which logging also classifies
    (before the field-naming pass, which must still see it uncoded)."""
    return GraphQLError(
        error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions={**(error.extensions or {}), "code": code},
    )


def log_error(error: GraphQLError) -> None:
    """One line for a refusal or an outage; the traceback only for a fault."""
    kind = kind_of(error)
    path = list(error.path) if error.path else None
    if kind is Kind.REFUSAL:
        code = (coded(error).extensions or {}).get("code")
        log.info("graphql refusal", code=code, path=path, message=error.message[:200])
    elif kind is Kind.TIMEOUT:
        log.warning("statement timeout", path=path)
    elif kind is Kind.UNAVAILABLE:
        original = error.original_error
        log.warning(
            "database unavailable",
            path=path,
            error=type(original).__name__,
            detail=str(original)[:200],
        )
    else:
        log.error("unexpected error", path=path, exc_info=error.original_error or error)


class ErrorCodes(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            document = self.execution_context.graphql_document
            result.errors = [coded(e, document) for e in result.errors]


class Schema(strawberry.Schema):
    """The strawberry schema, logging each error by its kind instead of
    every one with a traceback, and publishing the enums that document the
    errors' ``extensions`` (``ApiErrorCode``, ``UnauthenticatedReason``)."""

    def __init__(self, *args: Any, types: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, types=(*types, *DOCUMENTED_ENUMS), **kwargs)

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        for error in errors:
            log_error(error)
