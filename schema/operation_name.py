"""A document with several operations needs an ``operationName``, as the GraphQL spec says.

GraphQL's *GetOperation* raises a request error when the name is missing and the
document holds more than one operation. Strawberry instead falls back to the
first operation and runs it, so a client that forgot the name silently gets
another operation's answer. This extension restores the spec: the request
fails validation with ``OPERATION_RESOLUTION_FAILURE`` and nothing executes
(a ``application/graphql-response+json`` client gets 400 without ``data``).
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

CODE = "OPERATION_RESOLUTION_FAILURE"
MESSAGE = "Must provide operationName when the document contains several operations."


class RequireOperationName(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        # Before validation: errors set here stand in for it, and strawberry refuses
        # the request right after (set afterwards, they would come too late).
        context = self.execution_context
        document = context.graphql_document
        # Strawberry keeps the caller's name apart from its first-operation fallback.
        provided = getattr(context, "_provided_operation_name", None)
        if document is not None and provided is None:
            operations = sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)
            if operations > 1:
                context.pre_execution_errors = [GraphQLError(MESSAGE, extensions={"code": CODE})]
        yield
