"""Every top-level error leaves with an ``extensions.code``; server faults are masked.

Our own ``ApiError``s carry their code. Parse and validation failures get
``GRAPHQL_PARSE_FAILED`` / ``GRAPHQL_VALIDATION_FAILED`` (``QUERY_TOO_COMPLEX`` for
the depth, alias and token limits). Anything unexpected is logged with the
request id and replaced by a bare ``INTERNAL_SERVER_ERROR``, so no stack detail
or SQL reaches a client; a statement cancelled by ``statement_timeout`` is ``TIMEOUT``.
"""

from __future__ import annotations

from collections.abc import Iterator

import structlog
from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError
from strawberry.extensions import SchemaExtension

log = structlog.get_logger("dealdesk.graphql")

QUERY_CANCELED = "57014"  # SQLSTATE of a statement stopped by statement_timeout
LIMIT_MESSAGES = ("exceeds maximum operation depth", "aliases found", "token limit", "max tokens")


def coded(error: GraphQLError) -> GraphQLError:
    if error.extensions and "code" in error.extensions:
        return error
    original = error.original_error
    if original is not None and not isinstance(original, GraphQLError):
        if isinstance(original, DBAPIError) and getattr(original.orig, "sqlstate", None) == QUERY_CANCELED:
            # statement_timeout: the database stopped a statement; its transaction is rolled back.
            return GraphQLError(
                "A database statement ran past its time limit and was cancelled; "
                "changes the request had not committed were rolled back.",
                nodes=error.nodes,
                path=error.path,
                extensions={"code": "TIMEOUT"},
            )
        if isinstance(original, ValueError) and error.path is None:
            # Scalar parsing (e.g. a bad CurrencyCode in variables) is the client's fault.
            return _with_code(error, "BAD_USER_INPUT")
        log.error("unexpected error", path=error.path, exc_info=original)
        return GraphQLError(
            "Internal server error.",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR"},
        )
    if error.path is None:
        message = error.message.lower()
        if any(text in message for text in LIMIT_MESSAGES):
            return _with_code(error, "QUERY_TOO_COMPLEX")
        if message.startswith("syntax error"):
            return _with_code(error, "GRAPHQL_PARSE_FAILED")
        return _with_code(error, "GRAPHQL_VALIDATION_FAILED")
    return _with_code(error, "INTERNAL_SERVER_ERROR")


def _with_code(error: GraphQLError, code: str) -> GraphQLError:
    error.extensions = {**(error.extensions or {}), "code": code}
    return error


class ErrorCodes(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [coded(e) for e in result.errors]
