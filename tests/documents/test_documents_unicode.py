"""Any customer text renders: the PDF's core fonts never see a character they lack."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from documents import DocumentClause, render_html, render_pdf
from documents.pdf_text import pdf_safe_text
from documents_builders import document, line, pdf_has

ANY_TEXT = st.text(st.characters(codec=None), max_size=60)


def test_names_with_emoji_cjk_and_dashes_render_to_pdf() -> None:
    doc = document(
        name="Rollout — phase 2 🚀",
        account_name="株式会社 ACME – Tōkyō",
        lines=(line(name="Widget 😀👍🏽 漢字 — “pro” … ﬁnal"),),
        clauses=(DocumentClause("Haftung — ☃", "本文\u200b text\x00\x07 with\ttab"),),
    )
    raw = render_pdf(doc, compress=False)
    assert raw.startswith(b"%PDF")
    assert pdf_has(raw, "Widget ?? ?? — “pro” … final")
    assert pdf_has(raw, "?? ACME – Tokyo")
    assert pdf_has(raw, "Rollout — phase 2 ?")
    assert "Rollout — phase 2 🚀" in render_html(doc)


def test_pdf_safe_text_keeps_windows_1252_text_unchanged() -> None:
    text = "Prix: 1 234,50 € — «Déjà vu» … naïve Œuvre ™ • ‰"
    assert pdf_safe_text(text) == text


def test_pdf_safe_text_drops_control_characters_but_keeps_newlines() -> None:
    assert pdf_safe_text("a\x00b\r\nc\td\u200de\u00ad") == "ab\nc de"


def test_customer_text_cannot_trigger_the_page_count_substitution() -> None:
    raw = render_pdf(document(lines=(line(name="Pack of {nb} units"),)), compress=False)
    assert pdf_has(raw, "Pack of {nb} units")


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_pdf_safe_text_always_encodes_to_windows_1252(text: str) -> None:
    assert pdf_safe_text(text).encode("cp1252") is not None


@settings(max_examples=25, deadline=None)
@given(name=ANY_TEXT, sku=ANY_TEXT, body=ANY_TEXT)
def test_any_unicode_text_renders_to_pdf_and_html(name: str, sku: str, body: str) -> None:
    doc = document(
        name=name, account_name=name, prepared_by=body, status=sku, terms=body,
        customer_notes=name, lines=(line(sku=sku, name=name),),
        clauses=(DocumentClause(name, body),),
    )
    assert render_pdf(doc).startswith(b"%PDF")
    assert "<!DOCTYPE html>" in render_html(doc)
