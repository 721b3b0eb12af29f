"""Every top-level error leaves with an ``extensions.code``; server faults are masked.

Our own ``ApiError``s carry their code. A malformed global ID in an argument is
``NOT_FOUND`` (it names nothing), other values strawberry cannot coerce ``BAD_USER_INPUT``. Parse and validation failures get
``GRAPHQL_PARSE_FAILED`` / ``GRAPHQL_VALIDATION_FAILED`` (``QUERY_TOO_COMPLEX`` for
the depth, alias and token limits). Anything unexpected is logged with the
request id and replaced by a bare ``INTERNAL_SERVER_ERROR``, so no stack detail
or SQL reaches a client.
"""

from __future__ import annotations

from collections.abc import Iterator

import structlog
from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import SchemaExtension
from strawberry.relay.types import InvalidGlobalIDError

log = structlog.get_logger("dealdesk.graphql")

LIMIT_MESSAGES = ("exceeds maximum operation depth", "aliases found", "token limit", "max tokens")


def coded(error: GraphQLError) -> GraphQLError:
    if error.extensions and "code" in error.extensions:
        return error
    original = error.original_error
    if original is not None and not isinstance(original, GraphQLError):
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
    if isinstance(original, InvalidGlobalIDError):
        # A malformed global ID in an argument names nothing: the same answer as an unknown one.
        return GraphQLError(
            "No object has this id.", nodes=error.nodes, path=error.path, extensions={"code": "NOT_FOUND"}
        )
    if isinstance(original, StrawberryInputCoercionError):
        return _with_code(error, "BAD_USER_INPUT")
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
