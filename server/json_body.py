"""Decoding a GraphQL request's JSON strictly, so a malformed body is a 400, never a 500.

* The body is UTF-8 (GraphQL over HTTP); ``json.loads`` would otherwise guess
  UTF-16/32 from the first bytes, and invalid bytes would surface as a
  ``UnicodeDecodeError`` that nothing turns into a client error.
* Nesting is bounded: 20,000 nested arrays make the decoder raise
  ``RecursionError``, and anything deep enough to be accepted would still
  recurse later (variable coercion, logging). No input of ours is nested
  deeper than a handful of levels.
* A body's top level must be an object (or a list, which the view answers as
  an unsupported batch): ``null`` or a string has no ``query`` to read. A
  query-string parameter (``variables=null`` in a GET) may be any JSON value;
  strawberry checks its type itself.
"""

from __future__ import annotations

import json
from typing import Any

MAX_JSON_DEPTH = 64


class MalformedBody(ValueError):
    """The body is not a JSON value we accept; the message says why, for the client."""


def decode_request_json(data: str | bytes, *, body: bool) -> Any:
    """The decoded value; ``body`` asks for a top-level object or list."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedBody("The request body is not valid UTF-8.") from exc
    try:
        value = json.loads(data)
    except RecursionError as exc:
        raise MalformedBody(f"JSON nested deeper than {MAX_JSON_DEPTH} levels.") from exc
    except json.JSONDecodeError as exc:
        raise MalformedBody("Unable to parse request body as JSON.") from exc
    if body and not isinstance(value, (dict, list)):
        raise MalformedBody("A JSON object was expected.")
    if nested_deeper_than(value, MAX_JSON_DEPTH):
        raise MalformedBody(f"JSON nested deeper than {MAX_JSON_DEPTH} levels.")
    return value


def nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether objects/arrays nest more than ``limit`` levels (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
