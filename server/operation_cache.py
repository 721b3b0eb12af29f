"""Parse and validate a known operation once per process, not once per request.

A phone sends the same few documents over and over. Parsing one and running
GraphQL's validation rules over it against this schema cost more CPU than
answering a small request does, and the outcome depends only on the document:

* ``CachedParsing`` keeps the documents parsed (keyed by the text and the parse
  options, so the token limit still applies); a text that does not parse is left
  to strawberry, which refuses it as before (``GRAPHQL_PARSE_FAILED``);
* ``CachedValidation`` remembers which documents passed validation, keyed by the
  text and the rules in force. Only successes are remembered: an invalid
  document is validated again each time and gets fresh errors. A rule whose
  outcome depends on the request's variables (``uses_variables``, the cost
  limit) runs again for each new set of variables: its successes are remembered
  keyed by the text, the rules and the variables (canonical JSON), so a client sending
  the same document with the same variables pays for it once.

Both are bounded (least recently used out) and belong to one app,
so apps built with other limits never share it.
"""

from __future__ import annotations

import contextlib
import json
from collections import OrderedDict
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
    validate,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

MAX_DOCUMENTS = 512
MAX_REMEMBERED_VARIABLES = 4096
"""Longest variables (as canonical JSON) whose passing cost check is remembered: the cache
holds at most ``MAX_DOCUMENTS`` entries, so 2 MB of variables per entry would be a gigabyte."""


def _identity(rule: type[Any]) -> tuple[str, str]:
    """Rules an extension builds per request are new classes each time, alike by name."""
    return (rule.__module__, rule.__qualname__)


class ValidDocuments:
    """The documents known to pass validation, least recently used first."""

    def __init__(self, max_entries: int = MAX_DOCUMENTS) -> None:
        self._known: OrderedDict[tuple[Any, ...], None] = OrderedDict()
        self._max_entries = max_entries

    def __contains__(self, key: tuple[Any, ...]) -> bool:
        if key in self._known:
            self._known.move_to_end(key)
            return True
        return False

    def add(self, key: tuple[Any, ...]) -> None:
        self._known[key] = None
        if len(self._known) > self._max_entries:
            self._known.popitem(last=False)


class CachedParsing(SchemaExtension):
    def __init__(self, parsed: Callable[..., DocumentNode]) -> None:
        self.parsed = parsed

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is None and isinstance(context.query, str):
            with contextlib.suppress(GraphQLError):  # strawberry parses it again and refuses it
                context.graphql_document = self.parsed(context.query, **context.parse_options)
        yield


class CachedValidation(SchemaExtension):
    def __init__(self, known: ValidDocuments) -> None:
        self.known = known

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if context.pre_execution_errors is None and document is not None and context.query:
            declares_variables = any(
                isinstance(d, OperationDefinitionNode) and d.variable_definitions
                for d in document.definitions
            )
            per_request = tuple(
                rule
                for rule in context.validation_rules
                if declares_variables and getattr(rule, "uses_variables", False)
            )
            static = tuple(rule for rule in context.validation_rules if rule not in per_request)
            key = (context.query, tuple(_identity(rule) for rule in static))
            schema = context.schema._schema
            errors = [] if key in self.known else validate_document(schema, document, static)
            if not errors:
                self.known.add(key)
                if per_request:
                    errors = self._with_variables(document, key, per_request)
            context.pre_execution_errors = errors
        yield

    def _with_variables(
        self, document: DocumentNode, key: tuple[Any, ...], rules: tuple[type[Any], ...]
    ) -> list[Any]:
        """The per-request rules' errors; a success is remembered for these variables (the
        rules' settings are the app's, and this cache is the app's)."""
        context = self.execution_context
        try:
            variables = json.dumps(context.variables or {}, sort_keys=True, allow_nan=False)
        except (TypeError, ValueError):  # not JSON: validate, remember nothing
            variables = None
        if variables is not None and len(variables) > MAX_REMEMBERED_VARIABLES:
            variables = None  # a batch's variables: checked each time, never kept in memory
        full = (*key, tuple(_identity(rule) for rule in rules), variables)
        if variables is not None and full in self.known:
            return []
        errors = _per_request(context.schema._schema, document, rules)
        if not errors and variables is not None:
            self.known.add(full)
        return errors


def _per_request(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[Any], ...]
) -> list[GraphQLError]:
    """The errors of the rules that depend on the request's variables. A rule that can check a
    whole document by itself (``errors_for``: the cost limit) does so; graphql-core visits the
    document only for the others."""
    direct = [rule for rule in rules if hasattr(rule, "errors_for")]
    visited = tuple(rule for rule in rules if not hasattr(rule, "errors_for"))
    errors = [error for rule in direct for error in rule.errors_for(schema, document)]
    return errors + (list(validate(schema, document, visited)) if visited else [])


def operation_cache(max_documents: int = MAX_DOCUMENTS) -> tuple[Callable[[], Any], ...]:
    """The schema extensions (factories) that parse and validate each document once."""
    known = ValidDocuments(max_documents)
    parsed = lru_cache(maxsize=max_documents)(parse)
    return (
        lambda: CachedParsing(parsed),
        lambda: CachedValidation(known),
    )
