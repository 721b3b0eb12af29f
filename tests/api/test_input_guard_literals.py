"""The input guard's verdict on a document's literal arguments is remembered per document
text, and every request still gets its own fresh errors."""

from __future__ import annotations

from graphql import parse

from schema.input_guard import RefusedLiterals, refused_values

NUL = 'query Q { search(text: "a\\u0000b") { id } }'
CLEAN = 'query Q { search(text: "fine") { id } }'
LONG = 'query Q { search(text: "abcdef") { id } }'


def test_a_refused_literal_is_refused_every_time_with_fresh_errors() -> None:
    literals = RefusedLiterals()
    document = parse(NUL)
    first = refused_values(document, None, 100, 10, text=NUL, literals=literals)
    second = refused_values(document, None, 100, 10, text=NUL, literals=literals)
    uncached = refused_values(document, None, 100, 10)
    assert [e.message for e in first] == ["The argument `text` contains a NUL character."]
    assert [e.message for e in second] == [e.message for e in first]
    assert [e.message for e in uncached] == [e.message for e in first]
    assert first[0] is not second[0]


def test_the_verdict_is_remembered_per_text_and_per_limits() -> None:
    literals = RefusedLiterals(max_entries=2)
    document = parse(LONG)
    assert refused_values(document, None, 100, 10, text=LONG, literals=literals) == []
    # The same text under a tighter cap is another verdict, not the remembered one.
    tight = refused_values(document, None, 3, 10, text=LONG, literals=literals)
    assert [e.message for e in tight] == ["The argument `text` is longer than 3 characters."]
    assert len(literals._known) == 2
    # Remembered: a different document under the same text gets the text's verdict.
    assert refused_values(parse(NUL), None, 100, 10, text=LONG, literals=literals) == []
    refused_values(parse(CLEAN), None, 100, 10, text=CLEAN, literals=literals)
    assert len(literals._known) == 2  # bounded: the least recently used went
    assert (LONG, 3, 10) not in literals._known


def test_a_document_without_text_is_walked_each_time() -> None:
    literals = RefusedLiterals()
    errors = refused_values(parse(NUL), None, 100, 10, text=None, literals=literals)
    assert [e.message for e in errors] == ["The argument `text` contains a NUL character."]
    assert len(literals._known) == 0
