"""Leaves each operation's name, type and outcome on the request, for metrics and logs.

The extension knows nothing of Prometheus: it writes a small record into the
ASGI scope's ``state`` (``graphql_operations``), and the HTTP metrics middleware
reads it once the response is sent. The outcome is ``ok`` or the first
top-level error's ``extensions.code``; userErrors are answers, not failures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from strawberry.extensions import SchemaExtension

SCOPE_KEY = "graphql_operations"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


@dataclass(frozen=True, slots=True)
class OperationRecord:
    name: str
    """The client's operation name, or "anonymous" (or "invalid" when not a plain name)."""
    type: str
    outcome: str


def operation_label(name: str | None) -> str:
    """A bounded label: a GraphQL name of at most 64 characters, else a fixed word."""
    if not name:
        return "anonymous"
    return name if _NAME.fullmatch(name) else "invalid"


class OperationOutcome(SchemaExtension):
    """Must come before ``ErrorCodes`` in the list, so it sees the final error codes."""

    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context
        request: Any = getattr(context.context, "request", None)
        scope = getattr(request, "scope", None)
        if not isinstance(scope, dict):
            return
        result = context.result
        outcome = "ok"
        if result is not None and result.errors:
            outcome = str((result.errors[0].extensions or {}).get("code", "ERROR"))
        try:
            kind = context.operation_type.value
        except RuntimeError:  # unparsable document, or no operation by that name
            kind = "unknown"
        record = OperationRecord(operation_label(context.operation_name), kind, outcome)
        scope.setdefault("state", {}).setdefault(SCOPE_KEY, []).append(record)
