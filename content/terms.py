"""The text an item is indexed by and the text a query is searched with.

PostgreSQL's default parser keeps an unbroken Thai or Chinese run as one token, so a word
inside a longer run is never found. Each such run is cut here, twice: into words by the
language's segmenter (handed in: PyThaiNLP for Thai, jieba for Chinese; their dictionaries
are I/O, so they live in ``services.content``), and into overlapping character pairs
(bigrams), which find words no dictionary knows. Everything is indexed with the ``simple``
configuration (lower-casing, no stemming, no stop words), so indexing and querying agree
whatever the item's language.

A query becomes two ``websearch_to_tsquery`` texts that the search ORs together: one with
each run as its words, one with each run as its character pairs; a run is quoted as a
phrase, so its parts must stand together, in order, as in the run.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass


class Script(enum.Enum):
    THAI = "THAI"
    CJK = "CJK"


_RUNS = re.compile(
    r"(?P<THAI>[\u0e00-\u0e7f]+)"
    r"|(?P<CJK>[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+)"
)

Segmenter = Callable[[str], Sequence[str]]
"""Words of one unbroken run of a script, in order (whitespace-free)."""

Segmenters = Mapping[Script, Segmenter]


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of ``text`` in one script: Thai, CJK, or (``None``) anything else."""

    script: Script | None
    text: str
    quoted: bool = False
    """Inside a double-quoted phrase of a query."""


def runs(text: str) -> Iterator[Run]:
    """``text`` cut into runs, in order; joined back they are ``text``."""
    at = 0
    quotes = 0
    for match in _RUNS.finditer(text):
        if match.start() > at:
            between = text[at : match.start()]
            quotes += between.count('"')
            yield Run(None, between)
        yield Run(Script(match.lastgroup), match.group(), quoted=quotes % 2 == 1)
        at = match.end()
    if at < len(text):
        yield Run(None, text[at:])


def bigrams(run: str) -> list[str]:
    """Every pair of neighbouring characters of ``run``, in order; a lone character is its
    own one entry (an empty run has none)."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def words(run: Run, segmenters: Segmenters) -> list[str]:
    """The words of a Thai or CJK run (the whole run where there is no segmenter for it)."""
    assert run.script is not None
    segment = segmenters.get(run.script)
    found = [w.strip() for w in segment(run.text)] if segment else [run.text]
    return [w for w in found if w] or [run.text]


def index_text(text: str, segmenters: Segmenters) -> str:
    """What ``to_tsvector('simple', …)`` indexes for ``text``: the text with each Thai or CJK
    run as its words, then the character pairs of every such run."""
    shown: list[str] = []
    pairs: list[str] = []
    for run in runs(text):
        if run.script is None:
            shown.append(run.text)
        else:
            shown.append(f" {' '.join(words(run, segmenters))} ")
            pairs.append(" ".join(bigrams(run.text)))
    return " ".join(["".join(shown), *pairs]) if pairs else "".join(shown)


def readable_text(text: str, segmenters: Segmenters) -> str:
    """``text`` with each Thai or CJK run as its words (the snippet's source: highlights
    fall on whole words)."""
    return "".join(
        run.text if run.script is None else f" {' '.join(words(run, segmenters))} "
        for run in runs(text)
    )


@dataclass(frozen=True, slots=True)
class QueryTexts:
    """A query as ``websearch_to_tsquery`` texts: by words, and (when it has Thai or CJK
    runs) by character pairs; the search ORs them."""

    by_words: str
    by_pairs: str | None


def _phrase(parts: list[str], quoted: bool, before: str) -> str:
    """``parts`` as one query term: a phrase unless one part or already inside quotes; glued
    to a ``-`` or opening quote before it, spaced from anything else."""
    joined = " ".join(parts)
    term = joined if quoted or len(parts) == 1 else f'"{joined}"'
    glued = before[-1:] in {"-", '"'}
    return f"{'' if glued else ' '}{term} "


def query_texts(query: str, segmenters: Segmenters) -> QueryTexts:
    """``query`` (websearch syntax: quotes, ``or``, ``-``) with each Thai or CJK run replaced
    by its words, and by its character pairs, as a phrase unless already inside one."""
    by_words: list[str] = []
    by_pairs: list[str] = []
    cut = False
    for run in runs(query):
        if run.script is None:
            by_words.append(run.text)
            by_pairs.append(run.text)
            continue
        cut = True
        before = by_words[-1] if by_words else ""
        by_words.append(_phrase(words(run, segmenters), run.quoted, before))
        by_pairs.append(_phrase(bigrams(run.text), run.quoted, before))
    return QueryTexts("".join(by_words), "".join(by_pairs) if cut else None)


_WORD = re.compile(r"[^\W_]+")


def prefix_query(query: str) -> str | None:
    """The typo-tolerant fallback, as ``to_tsquery('simple', …)`` text: every word of the
    query outside Thai and CJK runs (those are matched by their pairs already), cut to its
    leading two thirds (at least 3 characters) and matched as a prefix, all of them
    required; a word excluded with ``-`` stays excluded, by its prefix. So "pricng" finds
    "pricing" ("pric:*"). None when the query has no word to look for.
    """
    found: list[str] = []
    for run in runs(query):
        if run.script is not None:
            continue
        for token in run.text.lower().split():
            excluded = "!" if token.startswith("-") else ""
            for word in _WORD.findall(token):
                if word in {"or", "and", "not"}:
                    continue
                keep = max(3, len(word) * 2 // 3)
                found.append(f"{excluded}{word[:keep]}:*")
    if all(term.startswith("!") for term in found):
        return None
    return " & ".join(dict.fromkeys(found))


_CORRECTABLE = re.compile(r"[a-z][a-z0-9]{2,}")
"""What the vocabulary holds (``content_terms``): Latin letters and digits, a letter first."""


def latin_words(query: str) -> list[str]:
    """The words of ``query`` outside Thai and CJK runs, lower-cased, of Latin letters and
    digits (a letter first), three or more, once each in order (``and``/``not`` left out):
    the ones a misspelling can be corrected in (Thai and Chinese are matched by their
    character pairs already; the vocabulary holds no other words)."""
    found: list[str] = []
    for run in runs(query):
        if run.script is None:
            found += [w for w in _WORD.findall(run.text.lower()) if _CORRECTABLE.fullmatch(w)]
    return [w for w in dict.fromkeys(found) if w not in {"and", "not"}]


def typo_distance(a: str, b: str) -> int:
    """Edits from ``a`` to ``b``, counting a swap of two neighbouring letters as one (the
    optimal string alignment distance): a phone's typos are a letter missing, doubled,
    wrong, or two swapped."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                best = min(best, before[j - 2] + 1)
            current.append(best)
        before, previous = previous, current
    return previous[-1]


def tolerated(word: str) -> int:
    """How many typos a word of this length may carry and still be corrected: one up to
    five letters, two from six."""
    return 1 if len(word) <= 5 else 2


def candidates_of(word: str) -> tuple[set[str], int, int]:
    """Where a correction of ``word`` may be: words starting with its first or second
    letter (a swap of the first two letters still finds it), of a length within its
    tolerance."""
    slack = tolerated(word)
    return set(word[:2]), len(word) - slack, len(word) + slack


def correction(word: str, vocabulary: Iterable[str]) -> str | None:
    """The vocabulary's word nearest ``word`` within its tolerance, ``None`` when ``word``
    is in it or none is near. Ties: fewer edits, then the same first letter, then the
    longer shared opening, then the nearer length, then alphabetical."""
    near: list[tuple[int, int, int, int, str]] = []
    for term in vocabulary:
        if term == word:
            return None
        distance = typo_distance(word, term)
        if distance <= tolerated(word):
            same = (i for i, (x, y) in enumerate(zip(word, term, strict=False)) if x != y)
            shared = next(same, min(len(word), len(term)))
            near.append((distance, term[0] != word[0], -shared, abs(len(term) - len(word)), term))
    return min(near)[-1] if near else None


def corrected(query: str, fixes: Mapping[str, str]) -> str:
    """``query`` with each word ``fixes`` names (lower-cased, outside Thai and CJK runs)
    replaced by its correction; everything else as it was."""

    def fix(match: re.Match[str]) -> str:
        return fixes.get(match.group().lower(), match.group())

    return "".join(
        run.text if run.script is not None else _WORD.sub(fix, run.text) for run in runs(query)
    )
