"""Any customer text renders, and Thai, Chinese and Latin come back out of the PDF as written."""

from __future__ import annotations

from decimal import Decimal

from documents_builders import ISSUED, comparable, document, line, pdf_has, pdf_text
from hypothesis import example, given, settings
from hypothesis import strategies as st

from documents import DocumentClause, Seller, render_html, render_pdf
from documents.pdf_fonts import REPLACEMENT, printable_characters
from documents.pdf_text import pdf_safe_text
from documents.statement_pdf import StatementDocument, StatementDocumentLine

ANY_TEXT = st.text(st.characters(codec=None), max_size=60)

THAI = "ใบเสนอราคาสำหรับบริษัท ไทยพาณิชย์ จำกัด น้ำดื่ม ที่นี่"
CHINESE = "东京 rollout 北京市朝阳区 繁體字 臺灣 カタカナ"
LATIN = "Déploiement — “pro” … Œuvre 1 234,50 €"


def test_thai_chinese_and_latin_text_round_trips_through_the_quote_pdf() -> None:
    doc = document(
        name=f"Tokyo 東京 rollout {THAI}",
        account_name="บริษัท ไทย จำกัด",
        account_address="99 ถนนสุขุมวิท\n北京市朝阳区 100020",
        seller=Seller("DealDesk 株式会社", "1 Main Street\nDublin D02"),
        lines=(line(name=THAI), line(sku="CN-1", name=CHINESE), line(sku="L-1", name=LATIN)),
        clauses=(DocumentClause("条款 ข้อกำหนด", f"{THAI}\n{CHINESE}\n{LATIN}"),),
        customer_notes="ขอบคุณครับ 谢谢 thanks",
    )
    text = pdf_text(render_pdf(doc))
    for expected in [
        f"Tokyo 東京 rollout {THAI}",
        "บริษัท ไทย จำกัด",
        "99 ถนนสุขุมวิท",
        "北京市朝阳区 100020",
        "DealDesk 株式会社",
        THAI,
        CHINESE,
        LATIN,
        "条款 ข้อกำหนด",
        "ขอบคุณครับ 谢谢 thanks",
    ]:
        assert comparable(expected) in text, expected
    assert "?" not in text


def test_the_issue_reproducer_keeps_its_chinese() -> None:
    assert pdf_has(render_pdf(document(name="Tokyo 東京 rollout")), "Tokyo 東京 rollout")


def test_thai_and_chinese_round_trip_through_the_statement_pdf() -> None:
    doc = StatementDocument(
        rep_name="สมชาย ใจดี 王小明",
        period_label="2025-03",
        period_start=ISSUED,
        period_end=ISSUED,
        currency="THB",
        status="APPROVED",
        issued_on=ISSUED,
        attainment_percent=None,
        tier=None,
        lines=(StatementDocumentLine("CREDIT", f"{THAI} {CHINESE}", Decimal(10)),),
        components=(),
        totals=(),
    )
    from documents.statement_pdf import render_statement_pdf

    text = pdf_text(render_statement_pdf(doc))
    assert comparable("สมชาย ใจดี 王小明") in text
    assert comparable(f"{THAI} {CHINESE}") in text


def test_emoji_and_symbols_print_from_the_emoji_face() -> None:
    raw = render_pdf(document(name="Rollout — phase 2 🚀 ☃", lines=(line(name="Widget 😀 👍"),)))
    assert pdf_has(raw, "Rollout — phase 2 🚀 ☃")
    assert pdf_has(raw, "Widget 😀 👍")


def test_a_character_no_face_has_becomes_one_replacement_mark_not_question_marks() -> None:
    assert ord("한") not in printable_characters()
    assert pdf_safe_text("Seoul 서울 office") == f"Seoul {REPLACEMENT}{REPLACEMENT} office"
    raw = render_pdf(document(name="Seoul 서울 office 東京"))
    assert pdf_has(raw, f"Seoul {REPLACEMENT}{REPLACEMENT} office 東京")


def test_pdf_safe_text_keeps_printable_text_unchanged() -> None:
    text = f"Prix: 1 234,50 € — «Déjà vu» … naïve Œuvre ™ • ‰ {THAI} {CHINESE}"
    assert pdf_safe_text(text) == text


def test_pdf_safe_text_drops_control_characters_but_keeps_newlines() -> None:
    assert pdf_safe_text("a\x00b\r\nc\td\u200de\u00ad") == "ab\nc de"


def test_monochrome_emoji_lose_their_skin_tone_and_joiners_not_themselves() -> None:
    assert pdf_safe_text("ok 👍🏽 👩\u200d💻") == "ok 👍 👩💻"


def test_customer_text_cannot_trigger_the_page_count_substitution() -> None:
    raw = render_pdf(document(lines=(line(name="Pack of {nb} units"),)))
    assert pdf_has(raw, "Pack of {nb} units")


def test_a_thai_line_followed_by_latin_keeps_its_digits() -> None:
    """fpdf2 2.8 drew the next line's digits with the Thai face's codes ("99" as "TT")."""
    raw = render_pdf(document(account_name="ไทย", account_address="99 ถนน\n12 Main St"))
    assert pdf_has(raw, "99 ถนน") and pdf_has(raw, "12 Main St")


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_pdf_safe_text_only_keeps_printable_characters(text: str) -> None:
    printable = printable_characters()
    assert all(char == "\n" or ord(char) in printable for char in pdf_safe_text(text))


#: The free-text fields of a quote document, each drawn on its own by the property below.
QUOTE_TEXT_FIELDS = (
    "number",
    "name",
    "account_name",
    "prepared_by",
    "status",
    "terms",
    "customer_notes",
    "account_address",
)


@settings(max_examples=25, deadline=None)
@given(
    texts=st.fixed_dictionaries(dict.fromkeys(QUOTE_TEXT_FIELDS, ANY_TEXT)),
    sku=ANY_TEXT,
    body=ANY_TEXT,
)
# Lone surrogates once failed the PDF's UTF-16 metadata (title, subject, author).
@example(
    texts={**dict.fromkeys(QUOTE_TEXT_FIELDS, "\ud800"), "prepared_by": "\udfff"},
    sku="a\udfffb",
    body="\udfff",
)
def test_any_unicode_text_renders_to_pdf_and_html(
    texts: dict[str, str], sku: str, body: str
) -> None:
    doc = document(
        **texts,
        lines=(line(sku=sku, name=texts["name"]),),
        clauses=(DocumentClause(texts["name"], body),),
        seller=Seller(texts["account_name"], body),
    )
    assert render_pdf(doc).startswith(b"%PDF")
    assert "<!DOCTYPE html>" in render_html(doc)


def test_a_latin_only_quote_embeds_only_noto_sans() -> None:
    import io

    from pypdf import PdfReader

    def fonts(raw: bytes) -> set[str]:
        found = set()
        for page in PdfReader(io.BytesIO(raw)).pages:
            for font in page["/Resources"]["/Font"].values():
                found.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
        return found

    assert fonts(render_pdf(document())) <= {"NotoSans", "NotoSansBold"}
    mixed = fonts(render_pdf(document(name=f"{THAI} {CHINESE} 🚀")))
    assert {"NotoSansThai", "NotoEmoji"} <= mixed and any("DealDesk" in name for name in mixed)


def test_a_locale_or_currency_sign_noto_sans_lacks_still_prints() -> None:
    raw = render_pdf(document(currency="THB"), locale="th_TH")
    assert pdf_has(raw, "฿6,700.00")
    raw = render_pdf(document(), locale="ja_JP")
    assert pdf_has(raw, "2025年3月3日")
