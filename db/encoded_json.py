"""JSON documents that already know their text, so writing one does not serialise it again.

A one-line edit of a 1,000-line quote writes the revision's whole priced snapshot (a
megabyte and more of JSON). The repricing cache keeps each priced line's JSON text, so the
snapshot's text is those texts joined, plus a small header: ``json.dumps`` of the whole
document was about 26 ms of the edit's CPU. ``EncodedJson`` is the document (a ``dict``,
read as before) carrying that text, and the engine's JSON serializer (``serialize_json``)
sends the text as it is. Anything else is serialised with ``json.dumps``, as SQLAlchemy
does by default. The text must be the JSON of the dict: build one only from its parts
(``EncodedJson.joined``) and never change it afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

COMPACT = (",", ":")

compact_json = json.JSONEncoder(separators=COMPACT, check_circular=False).encode
"""``json.dumps(value, separators=COMPACT)``, the same text, about twice as fast on a priced
line's tagged JSON: one encoder made once, and no check for reference cycles (a codec's JSON
is a tree; a cycle would recurse until Python's limit instead of raising ``ValueError``)."""


class EncodedJson(dict[str, Any]):
    """A JSON object and its JSON text, for a JSON or JSONB column."""

    __slots__ = ("text",)

    def __init__(self, value: dict[str, Any], text: str) -> None:
        super().__init__(value)
        self.text = text

    @classmethod
    def joined(
        cls, header: dict[str, Any], name: str, items: Sequence[Any], texts: Sequence[str]
    ) -> EncodedJson:
        """``header`` with ``name`` set to the tagged tuple ``{"$tuple": items}``, whose
        members' JSON texts are ``texts`` (the same values, already serialised)."""
        head = json.dumps(header, separators=COMPACT)
        assert head.endswith("}") and name not in header
        separator = "," if header else ""
        tail = f'{json.dumps(name)}:{{"$tuple":[{",".join(texts)}]}}}}'
        return cls({**header, name: {"$tuple": list(items)}}, f"{head[:-1]}{separator}{tail}")


def serialize_json(value: Any) -> str:
    """What SQLAlchemy sends for a JSON value: an ``EncodedJson``'s own text, else
    ``json.dumps`` (SQLAlchemy's default)."""
    if type(value) is EncodedJson:
        return value.text
    return json.dumps(value)
