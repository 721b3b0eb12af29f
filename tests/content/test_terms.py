"""Thai and Chinese runs cut into words and character pairs, for indexing and for queries."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from content.terms import (
    Script,
    bigrams,
    candidates_of,
    corrected,
    correction,
    index_text,
    latin_words,
    prefix_query,
    query_texts,
    readable_text,
    runs,
    typo_distance,
)

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
THAI = st.characters(min_codepoint=0x0E01, max_codepoint=0x0E3A)
MIXED = st.text(st.one_of(HAN, THAI, st.sampled_from('ab -"1')), max_size=40)

FAKE = {
    Script.CJK: lambda run: [run[i : i + 3] for i in range(0, len(run), 3)],
    Script.THAI: lambda run: [run[i : i + 2] for i in range(0, len(run), 2)],
}


@settings(max_examples=200)
@given(st.text(HAN, max_size=30))
def test_bigrams_cover_every_two_character_window_in_order(run: str) -> None:
    pairs = bigrams(run)
    windows = [run[i : i + 2] for i in range(len(run) - 1)]
    assert pairs == (windows or ([run] if run else []))
    assert "".join([pairs[0], *(p[1] for p in pairs[1:])]) == run if run else pairs == []


@settings(max_examples=200)
@given(MIXED)
def test_runs_join_back_to_the_text_and_each_holds_one_script(text: str) -> None:
    found = list(runs(text))
    assert "".join(r.text for r in found) == text
    for run in found:
        if run.script is Script.CJK:
            assert all(0x4E00 <= ord(c) <= 0x9FFF for c in run.text)
        if run.script is Script.THAI:
            assert all(0x0E00 <= ord(c) <= 0x0E7F for c in run.text)


@settings(max_examples=200)
@given(MIXED)
def test_the_index_holds_every_word_and_every_pair_of_each_run(text: str) -> None:
    indexed = index_text(text, FAKE).split()
    for run in runs(text):
        if run.script is not None:
            for part in [*FAKE[run.script](run.text), *bigrams(run.text)]:
                assert part in indexed


def test_a_latin_text_is_indexed_as_written() -> None:
    assert index_text("Pricing guide, v2", FAKE) == "Pricing guide, v2"


def test_a_chinese_run_is_indexed_as_words_then_pairs() -> None:
    words = {Script.CJK: lambda run: ["企业级", "数据库"]}
    assert index_text("Acme企业级数据库", words).split() == [
        "Acme",
        "企业级",
        "数据库",
        "企业",
        "业级",
        "级数",
        "数据",
        "据库",
    ]
    assert readable_text("Acme企业级数据库", words).split() == ["Acme", "企业级", "数据库"]


def test_a_query_run_becomes_a_phrase_of_words_and_one_of_pairs() -> None:
    words = {Script.CJK: lambda run: ["数据", "库"] if run == "数据库" else [run]}
    texts = query_texts("acme 数据库 -数据库", words)
    assert texts.by_words.split() == ["acme", '"数据', '库"', '-"数据', '库"']
    assert texts.by_pairs is not None
    assert texts.by_pairs.split() == ["acme", '"数据', '据库"', '-"数据', '据库"']


def test_inside_quotes_a_run_adds_no_quotes_of_its_own() -> None:
    texts = query_texts('"fast 数据库"', {})
    assert texts.by_words.split() == ['"fast', "数据库", '"']
    assert texts.by_pairs is not None
    assert texts.by_pairs.split() == ['"fast', "数据", "据库", '"']


def test_a_query_without_thai_or_chinese_has_no_pairs_text() -> None:
    assert query_texts("battlecard -acme", FAKE).by_pairs is None


def test_the_prefix_fallback_keeps_each_words_leading_two_thirds() -> None:
    assert prefix_query("Pricng battlecard or 数据") == "pric:* & battle:*"
    assert prefix_query("ab") == "ab:*"
    assert prefix_query("数据 !!") is None


@given(st.text(max_size=60))
def test_the_prefix_fallback_holds_only_word_characters_and_operators(query: str) -> None:
    found = prefix_query(query)
    if found is not None:
        for term in found.split(" & "):
            assert term.endswith(":*")
            assert all(c.isalnum() for c in term[:-2])


WORDS = st.text(st.sampled_from("abcdeg"), max_size=8)


@settings(max_examples=200)
@given(WORDS, WORDS)
def test_the_typo_distance_is_symmetric_and_zero_only_between_equals(a: str, b: str) -> None:
    assert typo_distance(a, b) == typo_distance(b, a)
    assert (typo_distance(a, b) == 0) == (a == b)
    assert abs(len(a) - len(b)) <= typo_distance(a, b) <= max(len(a), len(b))


@settings(max_examples=200)
@given(st.text(st.sampled_from("abcdefgh"), min_size=2, max_size=10), st.data())
def test_a_phone_typo_is_one_edit(word: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(word) - 2))
    swapped = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    missing = word[:at] + word[at + 1 :]
    doubled = word[:at] + word[at] + word[at:]
    for typo in (swapped, missing, doubled):
        assert typo_distance(word, typo) <= 1


def test_a_misspelt_word_is_corrected_to_the_nearest_vocabulary_word() -> None:
    vocabulary = ["onboarding", "onboard", "gateway", "gateways", "latency", "pricing", "price"]
    assert correction("onbaording", vocabulary) == "onboarding"  # a swap mid-word
    assert correction("gatway", vocabulary) == "gateway"  # a letter missing
    assert correction("agteway", vocabulary) == "gateway"  # the first two swapped
    assert correction("pricng", vocabulary) == "pricing"
    assert correction("gateway", vocabulary) is None  # known: left alone
    assert correction("zzzzzz", vocabulary) is None  # nothing near
    assert correction("prce", ["price", "pride"]) == "price"  # ties: the longer opening
    letters, shortest, longest = candidates_of("agteway")
    assert (letters, shortest, longest) == ({"a", "g"}, 5, 9)


def test_corrections_replace_whole_latin_words_and_leave_the_rest() -> None:
    query = 'Gatway -acme "ราคา" 数据库 gatwayx'
    assert latin_words(query) == ["gatway", "acme", "gatwayx"]
    assert corrected(query, {"gatway": "gateway"}) == 'gateway -acme "ราคา" 数据库 gatwayx'
    assert latin_words("pricing and or not it") == ["pricing"]
    assert latin_words("café naïve x2y abc9 \U0010fffd") == ["x2y", "abc9"]


def test_the_prefix_fallback_keeps_an_excluded_word_excluded() -> None:
    assert prefix_query("pricng -renewals") == "pric:* & !renew:*"
    assert prefix_query("-renewals") is None
