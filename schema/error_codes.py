"""Every top-level error leaves with an ``extensions.code``; server faults are masked.

Our own ``ApiError``s carry their code. Parse and validation failures get
``GRAPHQL_PARSE_FAILED`` / ``GRAPHQL_VALIDATION_FAILED`` (``QUERY_TOO_COMPLEX`` for
the depth, alias and token limits). Anything unexpected is logged with the
request id and replaced by a bare ``INTERNAL_SERVER_ERROR``, so no stack detail
or SQL reaches a client.
"""

from __future__ import annotations

from collections.abc import Iterator

import structlog
from graphql import DocumentNode, GraphQLError
from strawberry.extensions import SchemaExtension

from schema.input_paths import literal_path

log = structlog.get_logger("dealdesk.graphql")

LIMIT_MESSAGES = ("exceeds maximum operation depth", "aliases found", "token limit", "max tokens")


def coded(error: GraphQLError, document: DocumentNode | None = None) -> GraphQLError:
    if error.extensions and "code" in error.extensions:
        return error
    original = error.original_error
    if error.path is None and isinstance(_root_cause(original), ValueError):
        # Scalar parsing (a bad Decimal, Date or CurrencyCode) is the client's fault.
        return _with_code(_naming_the_field(error, document), "BAD_USER_INPUT")
    if original is not None and not isinstance(original, GraphQLError):
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
    error.extensions = {**(error.extensions or {}), "code": code}
    return error


class ErrorCodes(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            document = self.execution_context.graphql_document
            result.errors = [coded(e, document) for e in result.errors]
