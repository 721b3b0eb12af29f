"""A document that knows its text sends that text, and the text is the document's JSON."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from db.encoded_json import COMPACT, EncodedJson, compact_json, serialize_json

leaves = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=10,
)


@given(
    header=st.dictionaries(st.text(max_size=6).filter(lambda k: k != "lines"), values),
    items=st.lists(values, max_size=5),
)
def test_the_joined_text_is_the_documents_json(header: dict, items: list) -> None:
    texts = [json.dumps(item) for item in items]
    document = EncodedJson.joined(header, "lines", items, texts)
    assert json.loads(document.text) == document == {**header, "lines": {"$tuple": items}}
    assert serialize_json(document) == document.text


def test_anything_else_is_serialised_as_sqlalchemy_would() -> None:
    value = {"a": [1, "b", None]}
    assert serialize_json(value) == json.dumps(value)


@given(value=values)
def test_the_compact_encoder_writes_what_json_dumps_writes(value: object) -> None:
    assert compact_json(value) == json.dumps(value, separators=COMPACT)
