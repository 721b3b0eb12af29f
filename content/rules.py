"""What a content item is and how big its parts may be: the checks OPS's edits pass."""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass


class ContentKind(enum.Enum):
    PRODUCT_SHEET = "PRODUCT_SHEET"
    COMPETITOR_BATTLECARD = "COMPETITOR_BATTLECARD"
    CASE_STUDY = "CASE_STUDY"
    WHITE_PAPER = "WHITE_PAPER"
    TRAINING_MODULE = "TRAINING_MODULE"
    PRICING_GUIDE = "PRICING_GUIDE"
    ROI_TOOL = "ROI_TOOL"
    OBJECTION_HANDLING = "OBJECTION_HANDLING"
    PLAYBOOK = "PLAYBOOK"


TITLE_MAX = 300
SUMMARY_MAX = 2_000
BODY_MAX = 100_000
TAGS_MAX = 30
TAG_MAX = 50
LINKS_MAX = 50
COMPETITOR_MAX = 100
CUSTOMER_KEY_MAX = 100
"""A segment or industry link's length (an account's industry holds 100 characters)."""
QUERY_MAX = 500

LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$")
"""A BCP 47 tag of a language, optional script and region: "en", "th", "zh-Hans", "zh-TW"."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One refused part of an item: the input field it names, and why."""

    field: str
    message: str


@dataclass(frozen=True, slots=True)
class ItemText:
    """The parts of an item whose sizes are bounded (None: not being changed)."""

    title: str | None = None
    summary: str | None = None
    body: str | None = None
    language: str | None = None
    tags: Sequence[str] | None = None
    competitors: Sequence[str] | None = None
    segments: Sequence[str] | None = None
    industries: Sequence[str] | None = None


def _too_long(field: str, value: str | None, limit: int) -> Problem | None:
    if value is not None and len(value) > limit:
        return Problem(field, f"At most {limit:,} characters ({len(value):,} given).")
    return None


def _keys(field: str, values: Sequence[str] | None, count: int, each: int) -> list[Problem]:
    if values is None:
        return []
    if len(values) > count:
        return [Problem(field, f"At most {count} entries ({len(values)} given).")]
    problems = []
    for value in values:
        if not value.strip():
            problems.append(Problem(field, "An entry is blank."))
        elif len(value) > each:
            problems.append(Problem(field, f"An entry has more than {each} characters."))
    return problems[:1]


def check_text(text: ItemText) -> list[Problem]:
    """Every size or shape problem of ``text``, in input order (empty: all fine)."""
    problems: list[Problem | None] = [
        Problem("title", "A title is required.")
        if text.title is not None and not text.title.strip()
        else _too_long("title", text.title, TITLE_MAX),
        _too_long("summary", text.summary, SUMMARY_MAX),
        _too_long("body", text.body, BODY_MAX),
    ]
    if text.language is not None and not LANGUAGE.match(text.language):
        problems.append(Problem("language", 'A language tag such as "en", "th" or "zh-Hans".'))
    found = [p for p in problems if p is not None]
    found += _keys("tags", text.tags, TAGS_MAX, TAG_MAX)
    found += _keys("competitors", text.competitors, LINKS_MAX, COMPETITOR_MAX)
    found += _keys("segments", text.segments, LINKS_MAX, CUSTOMER_KEY_MAX)
    found += _keys("industries", text.industries, LINKS_MAX, CUSTOMER_KEY_MAX)
    return found


def normal_keys(values: Sequence[str]) -> tuple[str, ...]:
    """Tags, competitor, segment and industry keys as stored: trimmed, lower-cased, each once,
    in given order."""
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(value.strip().lower(), None)
    return tuple(seen)


def primary_language(language: str) -> str:
    """The language of a tag without script or region: "zh-Hans" -> "zh"."""
    return language.split("-", 1)[0]
