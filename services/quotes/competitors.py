"""The competitors named on a deal: what ``createQuote`` and ``updateQuote`` store, so
``relevantContent`` can rank the battlecards against them first.

They are kept as keys (trimmed, lower-cased, each once, in the order given), the same keys
content items name competitors by, so "Acme " on a quote matches a battlecard about "acme".
"""

from __future__ import annotations

from collections.abc import Sequence

from content.rules import normal_keys
from services.refusal import Code, refuse

COMPETITORS_MAX = 10
"""How many competitors a quote may name."""
COMPETITOR_NAME_MAX = 100
"""How long one competitor's name may be (the column's size)."""

FIELD = ("input", "competitors")


def competitor_keys(names: Sequence[str]) -> list[str]:
    """``names`` as stored; refused (INVALID, naming ``competitors``) when there are more than
    ``COMPETITORS_MAX`` different ones, or one is blank, too long or holds a control
    character."""
    for name in names:
        if not name.strip():
            raise refuse(Code.INVALID, "A competitor's name is blank.", FIELD)
        if len(name.strip()) > COMPETITOR_NAME_MAX:
            raise refuse(
                Code.INVALID,
                f"A competitor's name has at most {COMPETITOR_NAME_MAX} characters.",
                FIELD,
            )
        if any(ord(c) < 32 or ord(c) == 127 for c in name):
            raise refuse(Code.INVALID, "A competitor's name holds a control character.", FIELD)
    keys = list(normal_keys(names))
    if len(keys) > COMPETITORS_MAX:
        raise refuse(Code.INVALID, f"At most {COMPETITORS_MAX} competitors.", FIELD)
    return keys
